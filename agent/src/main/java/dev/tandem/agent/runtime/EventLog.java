package dev.tandem.agent.runtime;

import dev.tandem.agent.srm.Transition;
import dev.tandem.agent.statedb.Database;
import dev.tandem.agent.statedb.Database.EventRow;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * The node's event history and audit log (state changes, alerts, service changes, admin
 * actions), with listeners told of each new row. Any thread: the database serializes writes.
 */
public final class EventLog {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EventLog.class);
    private final String self;
    private final LongSupplier clock;
    private final Database db;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    EventLog(String self, LongSupplier clock, Database db) {
        this.self = self;
        this.clock = clock;
        this.db = db;
    }

    public void addListener(Runnable l) {
        listeners.add(l);
    }

    public void removeListener(Runnable l) {
        listeners.remove(l);
    }

    /** Up to {@code limit} rows after id {@code afterId}, oldest first. */
    public List<EventRow> after(long afterId, int limit) {
        return db.events(afterId, limit);
    }

    long record(EventRow e) {
        long id = db.appendEvent(e);
        for (Runnable l : listeners) {
            l.run();
        }
        return id;
    }

    /**
     * One row of {@code kind} with a sentence and the trigger that caused it, stamped now. A row
     * the store cannot take (disk full) is logged instead: the store's failure is raised as
     * Database Failure by itself, and what the SRM decides must not fail with it.
     */
    void note(String kind, String text, String alert, String trigger) {
        try {
            record(new EventRow(0, clock.getAsLong(), self, kind, 0, 0, 0, text, alert, "", "", trigger));
        } catch (IllegalStateException storeFailed) {
            log.warn("{}: event not stored ({}): {} {}", self, storeFailed.getMessage(), kind, text);
        }
    }

    /**
     * A state change the SRM decided: logged, and stored as a STATE_CHANGE row. Like {@link #note},
     * a row the store cannot take goes to the WARN log: the decision's commands must still run.
     */
    void transition(Transition t) {
        log.info("{}: {} ({}) -> {} ({}) on {}: {}", t.node(), t.from().label(), t.fromReason().label(),
                t.to().label(), t.reason().label(), t.trigger(), t.sentence());
        try {
            record(new EventRow(0, clock.getAsLong(), self, "STATE_CHANGE", t.from().id(), t.to().id(), t.reason().id(),
                    t.sentence(), "", "", "", t.trigger()));
        } catch (IllegalStateException storeFailed) {
            log.warn("{}: state change not stored ({}): {}", self, storeFailed.getMessage(), t.sentence());
        }
    }

    /**
     * Records an admin action in the audit log and the event history. When the store cannot take
     * it, the row goes to the log (WARN) in full instead: the action has happened, and the caller
     * must hear that, not a storage error.
     */
    public void audit(String actor, String action, String target, String result) {
        long now = clock.getAsLong();
        try {
            db.audit(now, actor, action, target, result);
            record(new EventRow(0, now, self, "ADMIN_ACTION", 0, 0, 0, actor + ": " + action + " " + target, "",
                    actor, result, action));
        } catch (IllegalStateException storeFailed) {
            log.warn("{}: audit row not stored ({}): {} {} {}: {}", self, storeFailed.getMessage(), actor, action, target, result);
        }
    }
}
