package dev.tandem.agent.presence.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.presence.GroupNodes;
import dev.tandem.agent.presence.store.PresenceStore;
import dev.tandem.agent.srm.MoveKind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two stores, each replicating to the other through a queue the test drains by hand, so two
 * moves of the same users can cross on the "link" as they did in the fault campaign's seed 12:
 * after a split both nodes went Running in Failed Mode; node-a gave its own users to node-b
 * (GIVE_ALL) while node-b gave them back to node-a (GIVE_BACK). Each store applied the other's
 * move last, and the stores ended swapped (node-b's said it served node-a's users and promoted
 * their sessions: 10 users served by both nodes after the Recovery).
 */
class CrossingMovesTest {
    private static final GroupNodes GROUP = new GroupNodes("node-a", "node-b");

    @TempDir
    Path dir;
    private final List<Connection> connections = new ArrayList<>();
    private UserStore a;
    private UserStore b;
    private final List<UserChange> toB = new ArrayList<>();
    private final List<UserChange> toA = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        a = store("node-a");
        b = store("node-b");
        a.addListener((c, o) -> {
            if (o == UserChange.Origin.LOCAL) {
                toB.add(c);
            }
        });
        b.addListener((c, o) -> {
            if (o == UserChange.Origin.LOCAL) {
                toA.add(c);
            }
        });
        a.addUsers(List.of("u1", "u2", "u3", "u4"));
        drain();
        assertThat(dump(b)).isEqualTo(dump(a));
    }

    private UserStore store(String node) throws Exception {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(node + ".db"));
        connections.add(c);
        PresenceStore db = new PresenceStore(c);
        db.createSchema();
        return UserStore.open(node, GROUP, db);
    }

    @AfterEach
    void close() throws Exception {
        for (Connection c : connections) {
            c.close();
        }
    }

    private void drain() {
        List<UserChange> ab = new ArrayList<>(toB);
        List<UserChange> ba = new ArrayList<>(toA);
        toB.clear();
        toA.clear();
        ab.forEach(b::applyReplicated);
        ba.forEach(a::applyReplicated);
    }

    private static List<String> dump(UserStore s) {
        return s.all().stream().sorted(Comparator.comparing(UserRecord::userId))
                .map(u -> u.userId() + " " + u.homeNode() + " " + u.servingNode() + " v" + u.version()).toList();
    }

    private static boolean served(UserStore s, String node) {
        return s.all().stream().anyMatch(u -> u.isServedBy(node));
    }

    @Test
    void twoMovesOfTheSameUsersThatCrossEndInTheSameRecordOnBothNodes() throws Exception {
        // the split: each node takes over the other's users, neither hears of the other's move
        a.move(MoveKind.TAKE_OVER, u -> u.isHomedOn("node-b"), u -> "node-a");
        b.move(MoveKind.TAKE_OVER, u -> u.isHomedOn("node-a"), u -> "node-b");
        // M21: node-a lets go of everything, node-b gives node-a's users back: they cross
        a.move(MoveKind.GIVE_ALL, u -> u.isServedBy("node-a"), u -> "node-b");
        b.move(MoveKind.GIVE_BACK, u -> u.isHomedOn("node-a") && u.isServedBy("node-b"), u -> "node-a");
        drain();

        assertThat(dump(b)).as("the two stores after the crossing moves").isEqualTo(dump(a));
    }

    @Test
    void aResetOnBothNodesAfterTheSplitBringsEveryUserHomeOnBoth() throws Exception {
        a.move(MoveKind.TAKE_OVER, u -> u.isHomedOn("node-b"), u -> "node-a");
        b.move(MoveKind.TAKE_OVER, u -> u.isHomedOn("node-a"), u -> "node-b");
        a.move(MoveKind.GIVE_ALL, u -> u.isServedBy("node-a"), u -> "node-b");
        // the recovery resets node-b before node-a's moves reached it, node-a after node-b's GIVE_BACK
        b.move(MoveKind.RESET_TO_HOME, u -> true, UserRecord::homeNode);
        a.move(MoveKind.RESET_TO_HOME, u -> true, UserRecord::homeNode);
        drain();

        assertThat(dump(b)).isEqualTo(dump(a));
        assertThat(a.all()).allMatch(u -> u.servingNode().equals(u.homeNode()));
    }

    @Test
    void anOlderRecordFromThePeerIsNotAppliedAndNotFollowedBySessions() throws Exception {
        List<UserChange> heard = new ArrayList<>();
        b.addListener((c, o) -> {
            if (o == UserChange.Origin.REPLICATED) {
                heard.add(c);
            }
        });
        List<UserRecord> handed = a.move(MoveKind.HAND_OVER, u -> u.isHomedOn("node-a"), u -> "node-b"); // older
        drain();
        b.move(MoveKind.GIVE_BACK, u -> u.isHomedOn("node-a"), u -> "node-a"); // newer, seen a's
        // a replays its old move (a retried batch): node-b keeps its newer record
        UserChange old = new UserChange.Moved(MoveKind.HAND_OVER, "node-a", handed);
        heard.clear();
        b.applyReplicated(old);

        assertThat(b.all()).filteredOn(u -> u.isHomedOn("node-a")).allMatch(u -> u.isServedBy("node-a"));
        assertThat(heard).singleElement().satisfies(c -> assertThat(((UserChange.Moved) c).users()).isEmpty());
        drain();
        assertThat(dump(a)).isEqualTo(dump(b));
        assertThat(served(a, "node-a")).isTrue();
    }

    @Test
    void versionsSurviveAReopenAndNewWritesStayAboveThem() throws Exception {
        a.move(MoveKind.TAKE_OVER, u -> u.isHomedOn("node-b"), u -> "node-a");
        drain();
        long clock = b.clock();
        UserStore reopened = store("node-b");
        assertThat(reopened.clock()).isEqualTo(clock);
        assertThat(dump(reopened)).isEqualTo(dump(b));
        List<UserRecord> moved = reopened.move(MoveKind.TAKE_BACK, u -> u.isHomedOn("node-b"), u -> "node-b");
        assertThat(moved).allMatch(u -> u.version() > clock && u.version() % 2 == 1);
    }
}
