package dev.tandem.agent.statedb;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Whether the agent's own store (its SQLite file) can be written (issue 11: storage faults are a
 * Database Failure). Every transaction of the store reports here: an SQL error (disk full, I/O
 * error, read-only file) marks the store failed. Only a probe that finds room again (and
 * writes) marks it healthy: on a full disk a small write that fits an existing page can still
 * succeed while every growing one fails, and the state must not flap with them. Listeners hear each change once, with the problem or empty; the SRM turns that
 * into Database Failure and back. Thread-safe.
 */
public final class StorageHealth {
    private volatile String problem;
    private final List<Consumer<Optional<String>>> listeners = new CopyOnWriteArrayList<>();

    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    public void listen(Consumer<Optional<String>> l) {
        listeners.add(l);
    }

    /** A transaction failed with an SQL error. */
    public void failed(SQLException e) {
        String p = describe(e);
        boolean changed;
        synchronized (this) {
            changed = problem == null;
            if (changed) {
                problem = p;
            }
        }
        if (changed) {
            listeners.forEach(l -> l.accept(Optional.of(p)));
        }
    }

    /** A probe found room and wrote: the store works again. */
    public void recovered() {
        if (problem == null) {
            return; // the common case: no lock, no allocation
        }
        synchronized (this) {
            if (problem == null) {
                return;
            }
            problem = null;
        }
        listeners.forEach(l -> l.accept(Optional.empty()));
    }

    /** "SQLITE_FULL: database or disk is full": the code and SQLite's words, short. */
    static String describe(SQLException e) {
        String m = String.valueOf(e.getMessage());
        return m.length() > 200 ? m.substring(0, 200) + "…" : m;
    }

    /**
     * After a failed transaction: roll back, and bring the JDBC driver's idea of the transaction
     * back in line with SQLite's. After SQLITE_FULL or an I/O error SQLite has already rolled the
     * transaction back on its own; the driver still thinks one is open and would answer "cannot
     * commit - no transaction is active" to every later commit, for good (seen after a full disk
     * got its space back). Switching auto-commit on and off again resets it.
     */
    public static void resetAfterFailure(Connection c, Throwable cause) {
        try {
            if (c.isClosed()) {
                return;
            }
            try {
                c.rollback();
            } catch (SQLException rollbackFailed) {
                cause.addSuppressed(rollbackFailed);
            }
            try {
                c.setAutoCommit(true);
            } catch (SQLException alreadyEnded) {
                // nothing was open any more: the switch below still resets the driver
            }
            c.setAutoCommit(false);
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
