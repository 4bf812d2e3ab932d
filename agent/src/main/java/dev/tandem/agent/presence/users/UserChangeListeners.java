package dev.tandem.agent.presence.users;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who hears the user store's changes, in order. A listener that throws is logged and skipped:
 * the change is already durable, and the other listeners (replication, sessions) must still hear it.
 */
final class UserChangeListeners {
    private static final Logger log = LoggerFactory.getLogger(UserChangeListeners.class);

    private final String self;
    private final List<UserChangeListener> listeners = new CopyOnWriteArrayList<>();

    UserChangeListeners(String self) {
        this.self = self;
    }

    void add(UserChangeListener listener) {
        listeners.add(listener);
    }

    /** Told before the listeners added so far. */
    void addFirst(UserChangeListener listener) {
        listeners.add(0, listener);
    }

    void remove(UserChangeListener listener) {
        listeners.remove(listener);
    }

    void fire(UserChange change, UserChange.Origin origin) {
        for (UserChangeListener l : listeners) {
            tell(l, change, origin);
        }
    }

    /** As {@link #fire} (origin local), timing each listener: "Name N ms, ...". */
    String fireTimed(UserChange change) {
        StringBuilder out = new StringBuilder();
        for (UserChangeListener l : listeners) {
            long t = System.nanoTime();
            tell(l, change, UserChange.Origin.LOCAL);
            String name = l.getClass().getSimpleName();
            int cut = name.indexOf("$$");
            out.append(out.length() == 0 ? "" : ", ").append(cut > 0 ? name.substring(0, cut) : name).append(' ')
                    .append(Millis.of(System.nanoTime() - t));
        }
        return out.toString();
    }

    private void tell(UserChangeListener l, UserChange change, UserChange.Origin origin) {
        try {
            l.onChange(change, origin);
        } catch (RuntimeException e) {
            log.error("{}: user change listener failed on {}", self, change.getClass().getSimpleName(), e);
        }
    }
}
