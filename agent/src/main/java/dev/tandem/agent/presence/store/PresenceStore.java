package dev.tandem.agent.presence.store;

import dev.tandem.agent.srm.MoveKind;
import dev.tandem.agent.presence.users.UserAssignmentMode;
import dev.tandem.agent.presence.users.UserRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The presence node's tables in the agent's one SQLite database. Every change is one
 * transaction. The agent owns the connection and may share it: this class synchronizes on
 * the {@link Connection} object around each transaction, and other users of the same
 * connection should do the same.
 */
public final class PresenceStore {
    private final Connection connection;
    private final AtomicReference<MoveFault> nextMoveFault = new AtomicReference<>();

    /** Where this store's transactions report (the agent's Database's health; a detached one by default). */
    private volatile dev.tandem.agent.statedb.StorageHealth storage = new dev.tandem.agent.statedb.StorageHealth();

    public void reportTo(dev.tandem.agent.statedb.StorageHealth health) {
        storage = health;
    }

    public PresenceStore(Connection connection) {
        this.connection = connection;
    }

    public void createSchema() throws SQLException {
        inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS presence_user ("
                        + " user_id TEXT PRIMARY KEY, home_node TEXT, serving_node TEXT, version INTEGER NOT NULL DEFAULT 0)");
                s.execute("CREATE TABLE IF NOT EXISTS presence_roster ("
                        + " watcher TEXT NOT NULL, target TEXT NOT NULL, PRIMARY KEY (watcher, target))");
                s.execute("CREATE TABLE IF NOT EXISTS presence_setting (name TEXT PRIMARY KEY, value TEXT NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS presence_secret (user_id TEXT PRIMARY KEY, hash TEXT NOT NULL)");
                // removals kept so an older record of the user is not applied again (issue 11): a store
                // written before it existed gets the table empty, as if nothing was removed since
                s.execute("CREATE TABLE IF NOT EXISTS presence_tombstone (user_id TEXT PRIMARY KEY, version INTEGER NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS presence_move ("
                        + " id INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL, node TEXT NOT NULL,"
                        + " kind TEXT NOT NULL, to_node TEXT, user_count INTEGER NOT NULL)");
                // the record's version (UserRecord.version): added to stores written before it existed
                boolean versioned = false;
                try (ResultSet cols = s.executeQuery("PRAGMA table_info(presence_user)")) {
                    while (cols.next()) {
                        versioned |= "version".equals(cols.getString("name"));
                    }
                }
                if (!versioned) {
                    s.execute("ALTER TABLE presence_user ADD COLUMN version INTEGER NOT NULL DEFAULT 0");
                }
            }
            return null;
        });
    }

    public List<UserRecord> loadUsers() throws SQLException {
        return inTransaction(c -> {
            List<UserRecord> users = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT user_id, home_node, serving_node, version FROM presence_user")) {
                while (rs.next()) {
                    users.add(new UserRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                }
            }
            return users;
        });
    }

    /** The removals kept (user id to the removal's version). */
    public java.util.Map<String, Long> loadTombstones() throws SQLException {
        return inTransaction(c -> {
            java.util.Map<String, Long> m = new java.util.HashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT user_id, version FROM presence_tombstone")) {
                while (rs.next()) {
                    m.put(rs.getString(1), rs.getLong(2));
                }
            }
            return m;
        });
    }

    public List<RosterEntry> loadRoster() throws SQLException {
        return inTransaction(c -> {
            List<RosterEntry> entries = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT watcher, target FROM presence_roster")) {
                while (rs.next()) {
                    entries.add(new RosterEntry(rs.getString(1), rs.getString(2)));
                }
            }
            return entries;
        });
    }

    public Optional<UserAssignmentMode> loadMode() throws SQLException {
        return inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT value FROM presence_setting WHERE name = 'assignment_mode'");
                 ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(UserAssignmentMode.valueOf(rs.getString(1))) : Optional.empty();
            }
        });
    }

    /** Move records written so far (newest last): kind and user count. */
    public List<String> loadMoveLog() throws SQLException {
        return inTransaction(c -> {
            List<String> log = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT node, kind, to_node, user_count FROM presence_move ORDER BY id")) {
                while (rs.next()) {
                    log.add(rs.getString(1) + " " + rs.getString(2) + " -> " + rs.getString(3) + " x" + rs.getInt(4));
                }
            }
            return log;
        });
    }

    /** Stored login secret hashes by user id. */
    public java.util.Map<String, String> loadSecrets() throws SQLException {
        return inTransaction(c -> {
            java.util.Map<String, String> m = new java.util.HashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT user_id, hash FROM presence_secret")) {
                while (rs.next()) {
                    m.put(rs.getString(1), rs.getString(2));
                }
            }
            return m;
        });
    }

    public void setSecret(String userId, String hash) throws SQLException {
        inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT OR REPLACE INTO presence_secret (user_id, hash) VALUES (?, ?)")) {
                p.setString(1, userId);
                p.setString(2, hash);
                p.executeUpdate();
            }
            return null;
        });
    }

    /** Insert or replace users (adds, replication). */
    public void upsertUsers(List<UserRecord> users) throws SQLException {
        upsertUsers(users, Tombstoned.NONE);
    }

    /** Insert or replace users and change tombstones (a newer write clears one), in one transaction. */
    public void upsertUsers(List<UserRecord> users, Tombstoned tombstones) throws SQLException {
        inTransaction(c -> {
            writeUsers(c, users);
            writeTombstones(c, tombstones);
            return null;
        });
    }

    /** Removes a user (record, roster entries, secret) and changes tombstones, in one transaction. */
    public void deleteUser(String userId, Tombstoned tombstones) throws SQLException {
        inTransaction(c -> {
            deleteUsers(c, List.of(userId));
            writeTombstones(c, tombstones);
            return null;
        });
    }

    /** A new assignment mode and the users it re-placed, in one transaction. */
    public void placeUsers(UserAssignmentMode mode, List<UserRecord> users) throws SQLException {
        placeUsers(mode, users, Tombstoned.NONE);
    }

    /** As {@link #placeUsers(UserAssignmentMode, List)}, changing tombstones in the same transaction. */
    public void placeUsers(UserAssignmentMode mode, List<UserRecord> users, Tombstoned tombstones) throws SQLException {
        inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT OR REPLACE INTO presence_setting (name, value) VALUES ('assignment_mode', ?)")) {
                p.setString(1, mode.name());
                p.executeUpdate();
            }
            writeUsers(c, users);
            writeTombstones(c, tombstones);
            return null;
        });
    }

    /**
     * The users' new serving node and a move record, in one transaction: one prepared UPDATE
     * of the serving node, executed as one JDBC batch of every user, and one commit (with the
     * database's WAL and synchronous=NORMAL, one fsync-free commit). This is the whole durable
     * cost of a takeover; {@code DurableMoveBench} compares it with a bare batched update of as
     * many rows. An injected fault strikes half-way through the writes.
     */
    public void recordMove(String node, MoveKind kind, String toNode, List<UserRecord> users) throws SQLException {
        MoveFault fault = nextMoveFault.getAndSet(null);
        inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE presence_user SET serving_node = ?, version = ? WHERE user_id = ?")) {
                int half = users.size() / 2;
                for (int i = 0; i < users.size(); i++) {
                    if (fault != null && i == half) {
                        p.executeBatch();
                        strike(c, fault);
                    }
                    UserRecord u = users.get(i);
                    setNullable(p, 1, u.servingNode());
                    p.setLong(2, u.version());
                    p.setString(3, u.userId());
                    p.addBatch();
                }
                if (fault != null && users.isEmpty()) {
                    strike(c, fault);
                }
                p.executeBatch();
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO presence_move (at_ms, node, kind, to_node, user_count) VALUES (?, ?, ?, ?, ?)")) {
                p.setLong(1, System.currentTimeMillis());
                p.setString(2, node);
                p.setString(3, kind.name());
                p.setString(4, toNode);
                p.setInt(5, users.size());
                p.executeUpdate();
            }
            return null;
        });
    }

    public void setRoster(RosterEntry entry, boolean present) throws SQLException {
        inTransaction(c -> {
            String sql = present
                    ? "INSERT OR IGNORE INTO presence_roster (watcher, target) VALUES (?, ?)"
                    : "DELETE FROM presence_roster WHERE watcher = ? AND target = ?";
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setString(1, entry.watcher());
                p.setString(2, entry.target());
                p.executeUpdate();
            }
            return null;
        });
    }

    /**
     * The peer's store taken (issue 11, convergence), in one transaction: the mode, the records
     * that are newer there, the users it lacks removed (with their roster entries and secret),
     * roster entries added and dropped, secrets set, tombstones changed.
     */
    public void takeSnapshot(UserAssignmentMode mode, List<UserRecord> upserts, List<String> removed,
                             List<RosterEntry> rosterAdd, List<RosterEntry> rosterDrop,
                             java.util.Map<String, String> secrets, List<String> secretsDropped,
                             Tombstoned tombstones) throws SQLException {
        inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT OR REPLACE INTO presence_setting (name, value) VALUES ('assignment_mode', ?)")) {
                p.setString(1, mode.name());
                p.executeUpdate();
            }
            writeUsers(c, upserts);
            deleteUsers(c, removed);
            writeTombstones(c, tombstones);
            try (PreparedStatement add = c.prepareStatement("INSERT OR IGNORE INTO presence_roster (watcher, target) VALUES (?, ?)");
                 PreparedStatement drop = c.prepareStatement("DELETE FROM presence_roster WHERE watcher = ? AND target = ?")) {
                for (RosterEntry e : rosterAdd) {
                    add.setString(1, e.watcher());
                    add.setString(2, e.target());
                    add.addBatch();
                }
                for (RosterEntry e : rosterDrop) {
                    drop.setString(1, e.watcher());
                    drop.setString(2, e.target());
                    drop.addBatch();
                }
                add.executeBatch();
                drop.executeBatch();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT OR REPLACE INTO presence_secret (user_id, hash) VALUES (?, ?)")) {
                for (var e : secrets.entrySet()) {
                    p.setString(1, e.getKey());
                    p.setString(2, e.getValue());
                    p.addBatch();
                }
                p.executeBatch();
            }
            deleteSecrets(c, secretsDropped);
            return null;
        });
    }

    private static void deleteSecrets(Connection c, List<String> userIds) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM presence_secret WHERE user_id = ?")) {
            for (String id : userIds) {
                p.setString(1, id);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /**
     * Removes roster entries and secrets that name no stored user (left by older agents, which
     * applied a replicated roster change or secret after the user's removal), in one transaction.
     *
     * @return how many rows were removed
     */
    public int dropOrphans() throws SQLException {
        return inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("DELETE FROM presence_roster WHERE watcher NOT IN (SELECT user_id FROM presence_user)"
                        + " OR target NOT IN (SELECT user_id FROM presence_user)")
                        + s.executeUpdate("DELETE FROM presence_secret WHERE user_id NOT IN (SELECT user_id FROM presence_user)");
            }
        });
    }

    /** Fault injection for tests and drills: the next move's transaction fails half-way. */
    public void failNextMove(MoveFault fault) {
        nextMoveFault.set(fault);
    }

    /** Tombstones to write with a change: set (user id to the removal's version) and cleared. */
    public record Tombstoned(java.util.Map<String, Long> set, java.util.Collection<String> cleared) {
        public static final Tombstoned NONE = new Tombstoned(java.util.Map.of(), List.of());
    }

    private static void writeTombstones(Connection c, Tombstoned t) throws SQLException {
        if (!t.cleared().isEmpty()) {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM presence_tombstone WHERE user_id = ?")) {
                for (String id : t.cleared()) {
                    p.setString(1, id);
                    p.addBatch();
                }
                p.executeBatch();
            }
        }
        if (!t.set().isEmpty()) {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT OR REPLACE INTO presence_tombstone (user_id, version) VALUES (?, ?)")) {
                for (var e : t.set().entrySet()) {
                    p.setString(1, e.getKey());
                    p.setLong(2, e.getValue());
                    p.addBatch();
                }
                p.executeBatch();
            }
        }
    }

    private static void deleteUsers(Connection c, List<String> ids) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM presence_user WHERE user_id = ?");
             PreparedStatement r = c.prepareStatement("DELETE FROM presence_roster WHERE watcher = ? OR target = ?");
             PreparedStatement sec = c.prepareStatement("DELETE FROM presence_secret WHERE user_id = ?")) {
            for (String id : ids) {
                p.setString(1, id);
                p.addBatch();
                sec.setString(1, id);
                sec.addBatch();
                r.setString(1, id);
                r.setString(2, id);
                r.addBatch();
            }
            p.executeBatch();
            sec.executeBatch();
            r.executeBatch();
        }
    }

    private static void writeUsers(Connection c, List<UserRecord> users) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT OR REPLACE INTO presence_user (user_id, home_node, serving_node, version) VALUES (?, ?, ?, ?)")) {
            for (UserRecord u : users) {
                p.setString(1, u.userId());
                setNullable(p, 2, u.homeNode());
                setNullable(p, 3, u.servingNode());
                p.setLong(4, u.version());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private static void strike(Connection c, MoveFault fault) throws SQLException {
        if (fault == MoveFault.CLOSE_CONNECTION) {
            c.close();
        }
        throw new InjectedMoveFault("injected fault " + fault + " half-way through a move");
    }

    /** A test's injected move failure (M19/M20): the move fails, the store itself is not failing. */
    static final class InjectedMoveFault extends SQLException {
        InjectedMoveFault(String message) {
            super(message);
        }
    }

    private static void setNullable(PreparedStatement p, int index, String value) throws SQLException {
        if (value == null) {
            p.setNull(index, Types.VARCHAR);
        } else {
            p.setString(index, value);
        }
    }

    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(SqlWork<T> work) throws SQLException {
        synchronized (connection) {
            boolean auto = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException e) {
                dev.tandem.agent.statedb.StorageHealth.resetAfterFailure(connection, e);
                if (!(e instanceof InjectedMoveFault)) {
                    storage.failed(e);
                }
                throw e;
            } catch (RuntimeException e) {
                dev.tandem.agent.statedb.StorageHealth.resetAfterFailure(connection, e);
                throw e;
            } finally {
                if (!connection.isClosed()) {
                    connection.setAutoCommit(auto);
                }
            }
        }
    }
}
