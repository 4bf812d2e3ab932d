package dev.tandem.agent.alerts;

import dev.tandem.agent.statedb.Database;
import dev.tandem.proto.admin.v1.AlertType;
import dev.tandem.proto.admin.v1.GroupStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The alerts of this node, owned by its agent: raised with a severity, cleared when their
 * condition is over, acknowledged by a named caller. Durable in the agent's database, so every
 * console and tandemctl see the same list, also after a restart. Thread-safe; listeners are
 * told each new or changed alert (after it is stored), in order.
 */
public final class AlertBook {
    private final String node;
    private final LongSupplier wall;
    private final AlertStore store;
    /** Kept alerts by id, in time order. */
    private final Map<Long, AlertRecord> kept = new LinkedHashMap<>();
    private final List<Consumer<AlertRecord>> listeners = new CopyOnWriteArrayList<>();

    /** @param wall wall-clock milliseconds: alert times are shown to people */
    public AlertBook(String node, LongSupplier wall, Database db) {
        this.node = node;
        this.wall = wall;
        this.store = new AlertStore(db);
        for (AlertRecord a : store.all()) {
            kept.put(a.id(), a);
        }
    }

    public void addListener(Consumer<AlertRecord> l) {
        listeners.add(l);
    }

    public void removeListener(Consumer<AlertRecord> l) {
        listeners.remove(l);
    }

    /**
     * Raises an alert now, unless the same one (type, subject and sentence) is still active:
     * a repeat adds nothing. Returns the alert that stands for it.
     */
    public synchronized AlertRecord raise(AlertType type, String subject, String sentence) {
        for (AlertRecord a : kept.values()) {
            if (a.active() && a.type() == type && a.subject().equals(subject) && a.sentence().equals(sentence)) {
                return a;
            }
        }
        AlertRecord a = store.insert(new AlertRecord(0, node, type, subject, AlertRules.severity(type), sentence,
                wall.getAsLong(), -1, "", "", -1));
        kept.put(a.id(), a);
        prune();
        tell(a);
        return a;
    }

    /** Clears every active alert whose condition {@code because} says is over (empty: it holds). */
    public synchronized void clearWhere(Function<AlertRecord, Optional<String>> because) {
        for (AlertRecord a : List.copyOf(kept.values())) {
            if (a.active()) {
                Optional<String> why = because.apply(a);
                if (why.isPresent()) {
                    change(a.cleared(wall.getAsLong(), why.get()));
                }
            }
        }
    }

    /** Clears the active alerts whose condition the group status says is over ({@link AlertRules}). */
    public void clearFrom(GroupStatus s) {
        clearWhere(a -> AlertRules.clearedBecause(a, s));
    }

    /** Clears every active alert of a type (the round-trip watch, whose condition is in the samples). */
    public void clear(AlertType type, String because) {
        clearWhere(a -> a.type() == type ? Optional.of(because) : Optional.empty());
    }

    /**
     * Records who acknowledged the alert and when. The first acknowledgement stands: a second
     * one changes nothing. Empty when no kept alert has the id.
     */
    public synchronized Optional<AlertRecord> acknowledge(long id, String who) {
        AlertRecord a = kept.get(id);
        if (a == null) {
            return Optional.empty();
        }
        if (a.acknowledged()) {
            return Optional.of(a);
        }
        AlertRecord acked = a.acknowledgedBy(who, wall.getAsLong());
        change(acked);
        return Optional.of(acked);
    }

    /** The kept alerts in time order (raised, then id); only active ones when asked. */
    public synchronized List<AlertRecord> list(boolean activeOnly) {
        List<AlertRecord> out = new ArrayList<>();
        for (AlertRecord a : kept.values()) {
            if (!activeOnly || a.active()) {
                out.add(a);
            }
        }
        out.sort(AlertBook::timeOrder);
        return out;
    }

    /**
     * Hands {@code l} every kept alert in time order, then every change from then on: under the
     * book's lock, so no change falls between the two or overtakes the list.
     */
    public synchronized void listAndFollow(Consumer<AlertRecord> l) {
        list(false).forEach(l);
        listeners.add(l);
    }

    private static int timeOrder(AlertRecord a, AlertRecord b) {
        int c = Long.compare(a.raisedAtMs(), b.raisedAtMs());
        return c != 0 ? c : Long.compare(a.id(), b.id());
    }

    private void change(AlertRecord a) {
        store.update(a);
        kept.put(a.id(), a);
        tell(a);
    }

    /** Mirrors the store's pruning: the oldest cleared alerts beyond the kept number go. */
    private void prune() {
        if (kept.size() <= AlertStore.KEPT) {
            return;
        }
        long newest = kept.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        kept.values().removeIf(a -> !a.active() && a.id() <= newest - AlertStore.KEPT);
    }

    private void tell(AlertRecord a) {
        for (Consumer<AlertRecord> l : listeners) {
            l.accept(a);
        }
    }
}
