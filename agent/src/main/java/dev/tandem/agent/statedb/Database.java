package dev.tandem.agent.statedb;

import dev.tandem.agent.srm.NodeState;
import dev.tandem.agent.srm.PersistedState;
import dev.tandem.agent.srm.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The agent's durable state: one SQLite file in the data directory. Every change runs in
 * its own transaction. Other parts of the node (the presence node) may add their own
 * tables through {@link #connection()} and {@link #inTransaction}; calls are serialized
 * on this object.
 */
public final class Database implements AutoCloseable {
    public static final String FILE_NAME = "tandem-agent.db";

    private final Connection conn;
    private final Path file;

    /** A database row of the event history (state changes, alerts, admin actions, service changes). */
    public record EventRow(long id, long atMs, String node, String kind, int fromState, int toState, int reason,
                           String sentence, String alert, String actor, String result, String trigger) {
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private final StorageHealth storage = new StorageHealth();

    private Database(Path file, Connection conn) {
        this.file = file;
        this.conn = conn;
    }

    public static Database open(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            Path f = dataDir.resolve(FILE_NAME);
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + f);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL"); // durable across a killed process; WAL keeps it fast
                s.execute("PRAGMA busy_timeout=5000");
            }
            c.setAutoCommit(false);
            Database db = new Database(f, c);
            db.migrate();
            return db;
        } catch (Exception e) {
            throw new IllegalStateException("cannot open the agent database in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private void migrate() {
        inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS srm_state (id INTEGER PRIMARY KEY CHECK (id = 1),"
                        + " state INTEGER NOT NULL, reason INTEGER NOT NULL, since_ms INTEGER NOT NULL,"
                        + " services_stopped_by_srm INTEGER NOT NULL, written_at_ms INTEGER NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS config (key TEXT PRIMARY KEY, value BLOB NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                        + " at_ms INTEGER NOT NULL, node TEXT NOT NULL, kind TEXT NOT NULL, from_state INTEGER,"
                        + " to_state INTEGER, reason INTEGER, sentence TEXT, alert TEXT, actor TEXT, result TEXT,"
                        + " trigger_name TEXT)");
                s.execute("CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                        + " at_ms INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, target TEXT,"
                        + " result TEXT NOT NULL)");
            }
            return null;
        });
    }

    /** Whether this store (and the presence tables on its connection) can be written. */
    public StorageHealth storage() {
        return storage;
    }

    /**
     * A tiny write, to learn whether a failed store can be written again (a disk that got its
     * space back): nothing else may write while the store is failed.
     */
    public void probeWrite(long nowMs) {
        long room = roomBytes();
        if (room < PROBE_ROOM_BYTES) {
            throw new IllegalStateException("the store has room for " + room + " bytes; " + PROBE_ROOM_BYTES + " needed");
        }
        putConfig("storage-probe", Long.toString(nowMs).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        storage.recovered();
    }

    /** How much room a failed store needs before it counts as writable again. */
    public static final long PROBE_ROOM_BYTES = 1024 * 1024;

    /** The smaller of the file system's usable space and SQLite's own page limit for this file. */
    private long roomBytes() {
        long fs;
        try {
            fs = Files.getFileStore(file).getUsableSpace();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the free space of " + file + ": " + e.getMessage(), e);
        }
        long pages = reading(c -> {
            try (Statement s = c.createStatement()) {
                return pragma(s, "max_page_count") - pragma(s, "page_count") + pragma(s, "freelist_count");
            }
        });
        long pageSize = reading(c -> {
            try (Statement s = c.createStatement()) {
                return pragma(s, "page_size");
            }
        });
        return Math.min(fs, pages * pageSize);
    }

    private static long pragma(Statement s, String name) throws SQLException {
        try (ResultSet r = s.executeQuery("PRAGMA " + name)) {
            r.next();
            return r.getLong(1);
        }
    }

    /**
     * Test hook: SQLite's page limit for this file ({@code PRAGMA max_page_count}); a limit at
     * the current size makes every growing write fail with SQLITE_FULL, as a full disk does.
     * Returns the current page count. 0 = no limit (SQLite's maximum).
     */
    public long limitPagesForTest(long maxPages) {
        synchronized (conn) {
            try (Statement s = conn.createStatement()) {
                long pages;
                try (var rs = s.executeQuery("PRAGMA page_count")) {
                    rs.next();
                    pages = rs.getLong(1);
                }
                s.execute("PRAGMA max_page_count = " + (maxPages <= 0 ? 1_073_741_823L : maxPages));
                conn.commit();
                return pages;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public Path file() {
        return file;
    }

    /** The raw connection, for tables of other parts of the node. Hold its lock while using it. */
    public Connection connection() {
        return conn;
    }

    /**
     * Runs {@code work} in one transaction: all of it is written, or none. Any failure of the
     * work (an unchecked exception or an error too, not only an SQL error) rolls back, so the
     * shared connection never keeps half a transaction for the next caller to commit.
     */
    public <T> T inTransaction(SqlWork<T> work) {
        return transaction(work);
    }

    /** A transaction that only reads (kept apart: only writes need room). */
    private <T> T reading(SqlWork<T> work) {
        return transaction(work);
    }

    private <T> T transaction(SqlWork<T> work) {
        synchronized (conn) {
            try {
                conn.setAutoCommit(false);
                T t = work.run(conn);
                conn.commit();
                return t;
            } catch (Throwable e) {
                // the original error is the one to report; the connection must work for the next caller
                StorageHealth.resetAfterFailure(conn, e);
                if (e instanceof SQLException sql) {
                    storage.failed(sql);
                    throw new IllegalStateException("database error: " + sql.getMessage(), sql);
                }
                throw sneaky(e);
            }
        }
    }

    /** Rethrows an unchecked exception or error unchanged (work declares only SQLException). */
    private static RuntimeException sneaky(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        throw new IllegalStateException(t);
    }

    // ------------------------------------------------------------------ SRM state

    public void saveState(NodeState state, Reason reason, long sinceMs, boolean stoppedBySrm, long nowMs) {
        inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT OR REPLACE INTO srm_state VALUES (1, ?, ?, ?, ?, ?)")) {
                p.setInt(1, state.id());
                p.setInt(2, reason.id());
                p.setLong(3, sinceMs);
                p.setInt(4, stoppedBySrm ? 1 : 0);
                p.setLong(5, nowMs);
                p.executeUpdate();
            }
            return null;
        });
    }

    public Optional<PersistedState> loadState() {
        return reading(c -> {
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT state, reason, since_ms, services_stopped_by_srm FROM srm_state")) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new PersistedState(NodeState.ofId(r.getInt(1)), Reason.ofId(r.getInt(2)),
                        r.getLong(3), r.getInt(4) != 0));
            }
        });
    }

    // ------------------------------------------------------------------ configuration

    public void putConfig(String key, byte[] value) {
        inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT OR REPLACE INTO config VALUES (?, ?)")) {
                p.setString(1, key);
                p.setBytes(2, value);
                p.executeUpdate();
            }
            return null;
        });
    }

    public Optional<byte[]> getConfig(String key) {
        return reading(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT value FROM config WHERE key = ?")) {
                p.setString(1, key);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(r.getBytes(1)) : Optional.empty();
                }
            }
        });
    }

    // ------------------------------------------------------------------ events and audit

    /** Appends an event and returns its id. */
    public long appendEvent(EventRow e) {
        return inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO events (at_ms, node, kind, from_state, to_state,"
                    + " reason, sentence, alert, actor, result, trigger_name) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                p.setLong(1, e.atMs());
                p.setString(2, e.node());
                p.setString(3, e.kind());
                p.setInt(4, e.fromState());
                p.setInt(5, e.toState());
                p.setInt(6, e.reason());
                // every text column bounded: a caller-supplied string must not grow the database (issue 9)
                p.setString(7, clip(e.sentence()));
                p.setString(8, clip(e.alert()));
                p.setString(9, clip(e.actor()));
                p.setString(10, clip(e.result()));
                p.setString(11, e.trigger());
                p.executeUpdate();
                try (ResultSet k = p.getGeneratedKeys()) {
                    k.next();
                    return k.getLong(1);
                }
            }
        });
    }

    /** Events with id above {@code afterId}, oldest first, at most {@code limit}. */
    public List<EventRow> events(long afterId, int limit) {
        return reading(c -> {
            List<EventRow> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT id, at_ms, node, kind, from_state, to_state, reason,"
                    + " sentence, alert, actor, result, trigger_name FROM events WHERE id > ? ORDER BY id LIMIT ?")) {
                p.setLong(1, afterId);
                p.setInt(2, limit);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(new EventRow(r.getLong(1), r.getLong(2), r.getString(3), r.getString(4), r.getInt(5),
                                r.getInt(6), r.getInt(7), r.getString(8), r.getString(9), r.getString(10),
                                r.getString(11), r.getString(12)));
                    }
                }
            }
            return out;
        });
    }

    public void audit(long atMs, String actor, String action, String target, String result) {
        inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO audit (at_ms, actor, action, target, result) VALUES (?,?,?,?,?)")) {
                p.setLong(1, atMs);
                p.setString(2, clip(actor));
                p.setString(3, clip(action));
                p.setString(4, clip(target));
                p.setString(5, clip(result));
                p.executeUpdate();
            }
            return null;
        });
    }

    /** Longest text kept in an event or audit column; longer is cut with an ellipsis. */
    public static final int MAX_TEXT = 1024;

    static String clip(String s) {
        return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT - 1) + "…";
    }

    /** Audit rows as "actor action target: result", oldest first (for tests and support). */
    public List<String> auditLog() {
        return reading(c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT actor, action, target, result FROM audit ORDER BY id")) {
                while (r.next()) {
                    out.add(r.getString(1) + " " + r.getString(2) + " " + r.getString(3) + ": " + r.getString(4));
                }
            }
            return out;
        });
    }

    /** The state tables (not the history: events, audit) as text, for before/after comparisons. */
    public String dump() {
        StringBuilder b = new StringBuilder();
        for (String t : List.of("srm_state", "config", "presence_user")) {
            b.append(t).append(":\n");
            reading(c -> {
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM " + t)) {
                    int n = r.getMetaData().getColumnCount();
                    while (r.next()) {
                        for (int i = 1; i <= n; i++) {
                            Object o = r.getObject(i);
                            b.append(o instanceof byte[] bytes ? java.util.Arrays.toString(bytes) : o).append('|');
                        }
                        b.append('\n');
                    }
                }
                return null;
            });
        }
        return b.toString();
    }

    @Override
    public void close() {
        try {
            conn.close(); // not under the connection's lock: a killed node does not wait for a write
        } catch (SQLException e) {
            // closing: nothing more to do
        }
    }
}
