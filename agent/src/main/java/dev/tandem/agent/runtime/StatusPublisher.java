package dev.tandem.agent.runtime;

import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.HeartbeatHealth;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Hands each new group status to its listeners (the admin API's WatchGroupStatus streams),
 * skipping one that differs from the last only in its time stamp and heartbeat figures.
 * {@link #publish} runs on the SRM thread; {@link #latest} on any.
 */
public final class StatusPublisher {
    private final List<Consumer<GroupStatus>> listeners = new CopyOnWriteArrayList<>();
    private GroupStatus lastPublishedKey;
    private volatile GroupStatus latest;

    public void addListener(Consumer<GroupStatus> l) {
        listeners.add(l);
    }

    public void removeListener(Consumer<GroupStatus> l) {
        listeners.remove(l);
    }

    /** The newest status built (may lag the SRM by one event); null before the first. */
    public GroupStatus latest() {
        return latest;
    }

    void publish(GroupStatus s) {
        latest = s;
        GroupStatus key = s.toBuilder().clearGeneratedAt().setHeartbeat(HeartbeatHealth.getDefaultInstance()).build();
        if (key.equals(lastPublishedKey)) {
            return;
        }
        lastPublishedKey = key;
        for (Consumer<GroupStatus> l : listeners) {
            l.accept(s);
        }
    }
}
