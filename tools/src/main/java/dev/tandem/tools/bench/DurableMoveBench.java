package dev.tandem.tools.bench;

import dev.tandem.agent.presence.GroupNodes;
import dev.tandem.agent.srm.MoveKind;
import dev.tandem.agent.presence.NodeEndpoint;
import dev.tandem.agent.presence.sessions.SessionManager;
import dev.tandem.agent.presence.store.PresenceStore;
import dev.tandem.agent.presence.users.UserAssignmentMode;
import dev.tandem.agent.presence.users.UserRecord;
import dev.tandem.agent.presence.users.UserStore;
import dev.tandem.agent.statedb.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The takeover's durable move against the physical limit, in one run on one database file
 * opened as the agent opens it ({@link Database#open}: WAL, synchronous=NORMAL): (1) a bare
 * batched update of N rows of a table shaped like presence_user (one prepared UPDATE, one
 * JDBC batch, one commit), (2) the move's durable write alone ({@link PresenceStore#recordMove}),
 * (3) the whole move as the takeover runs it ({@link UserStore#move}: select, write, memory,
 * and the session manager following it, here with no connections). Rounds alternate and each
 * move goes there and back, so every timed step changes N rows.
 * Usage: DurableMoveBench [users=15000] [rounds=7]
 */
public final class DurableMoveBench {
    public static void main(String[] args) throws Exception {
        int n = BenchSupport.intArg(args, 0, 15_000);
        int rounds = BenchSupport.intArg(args, 1, 7);
        Path dir = Files.createTempDirectory("durable-move-bench");
        try (Database db = Database.open(dir)) {
            Connection c = db.connection();
            PresenceStore store = new PresenceStore(c);
            store.createSchema();
            GroupNodes group = new GroupNodes("node-a", "node-b");
            UserStore users = UserStore.open("node-b", group, store);
            new SessionManager(users, () -> new NodeEndpoint("node-a", "", dev.tandem.agent.presence.ReloginLimits.DEFAULT), true);
            users.setAssignmentMode(UserAssignmentMode.ACTIVE_STANDBY);
            List<String> ids = BenchSupport.users(n);
            users.addUsers(ids);
            createBareTable(c, ids);

            double[] bare = new double[rounds];
            double[] write = new double[rounds];
            double[] move = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                bare[r] = timeBare(c, ids, r % 2 == 0 ? "node-b" : "node-a");
                List<UserRecord> to = users.all().stream().map(u -> u.servedBy("node-b"))
                        .sorted(Comparator.comparing(UserRecord::userId)).toList();
                long t0 = System.nanoTime();
                store.recordMove("node-b", MoveKind.TAKE_OVER, "node-b", to);
                write[r] = ms(t0);
                store.recordMove("node-b", MoveKind.GIVE_BACK, "node-a",
                        to.stream().map(u -> u.servedBy("node-a")).toList()); // back, untimed
                t0 = System.nanoTime();
                int moved = users.move(MoveKind.TAKE_OVER, u -> u.isHomedOn("node-a") && u.isServedBy("node-a"),
                        u -> "node-b").size();
                move[r] = ms(t0);
                if (moved != n) {
                    throw new IllegalStateException("moved " + moved + " users, expected " + n);
                }
                users.move(MoveKind.GIVE_BACK, u -> u.isHomedOn("node-a") && u.isServedBy("node-b"),
                        u -> "node-a");
                System.out.printf(Locale.ROOT, "round %d: bare batched update %.1f ms, move write %.1f ms, whole move %.1f ms%n",
                        r + 1, bare[r], write[r], move[r]);
            }
            double b = BenchSupport.median(bare);
            double w = BenchSupport.median(write);
            double m = BenchSupport.median(move);
            System.out.printf(Locale.ROOT, "N=%d, median of %d: bare batched update %.1f ms; move's durable write %.1f ms"
                    + " (%.2fx bare); whole move %.1f ms (%.2fx bare)%n", n, rounds, b, w, w / b, m, m / b);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void createBareTable(Connection c, List<String> ids) throws SQLException {
        synchronized (c) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE bench_user (user_id TEXT PRIMARY KEY, home_node TEXT, serving_node TEXT)");
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO bench_user VALUES (?, 'node-a', 'node-a')")) {
                for (String id : ids) {
                    p.setString(1, id);
                    p.addBatch();
                }
                p.executeBatch();
            }
            c.commit();
        }
    }

    /** The physical limit: one prepared UPDATE, one batch of every row, one commit. */
    private static double timeBare(Connection c, List<String> ids, String serving) throws SQLException {
        long t0 = System.nanoTime();
        synchronized (c) {
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("UPDATE bench_user SET serving_node = ? WHERE user_id = ?")) {
                for (String id : ids) {
                    p.setString(1, serving);
                    p.setString(2, id);
                    p.addBatch();
                }
                p.executeBatch();
            }
            c.commit();
        }
        return ms(t0);
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }
}
