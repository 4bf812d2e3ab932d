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

    /**
     * A removal that crosses a move of the same user on the link: before, the move arrived at
     * node-a after its removal and wrote the user back (a replicated record for a user the store
     * lacks was always applied), while node-b applied the removal: u1 lived on node-a only.
     */
    @Test
    void aRemovalThatCrossesAnOlderMoveOfTheUserRemovesItOnBothNodes() throws Exception {
        b.move(MoveKind.TAKE_OVER, u -> u.userId().equals("u1"), u -> "node-b"); // version 3
        a.removeUser("u1"); // version 4: above everything node-a has seen
        drain();

        assertThat(a.find("u1")).as("u1 on node-a").isEmpty();
        assertThat(b.find("u1")).as("u1 on node-b").isEmpty();
        assertThat(dump(b)).isEqualTo(dump(a));
    }

    /** The reverse: node-b wrote the user again after node-a's removal (a higher version): the write wins on both. */
    @Test
    void aWriteNewerThanACrossingRemovalWinsOnBothNodes() throws Exception {
        b.move(MoveKind.TAKE_OVER, u -> u.userId().equals("u1"), u -> "node-b"); // 3
        a.removeUser("u1"); // 4
        b.move(MoveKind.GIVE_BACK, u -> u.userId().equals("u1"), u -> "node-a"); // 5
        drain();

        assertThat(a.find("u1")).as("u1 on node-a").hasValueSatisfying(u -> assertThat(u.version()).isEqualTo(5));
        assertThat(a.tombstones()).as("the newer write cleared node-a's removal").isEmpty();
        assertThat(b.tombstones()).as("node-b's record is newer than the removal").isEmpty();
        assertThat(dump(b)).isEqualTo(dump(a));
    }

    @Test
    void aReplicatedRemovalOlderThanTheRecordIsNotAppliedAndNotHeard() throws Exception {
        List<UserChange> heard = new ArrayList<>();
        b.addListener((c, o) -> heard.add(c));
        b.move(MoveKind.TAKE_OVER, u -> u.userId().equals("u1"), u -> "node-b"); // 3
        heard.clear();

        b.applyReplicated(new UserChange.Removed("u1", 2));

        assertThat(b.find("u1")).isPresent();
        assertThat(b.tombstones()).isEmpty();
        assertThat(heard).isEmpty();
    }

    @Test
    void aRemovalFromAnOlderPeerRemovesWhateverTheVersionAndKeepsNoTombstone() throws Exception {
        b.move(MoveKind.TAKE_OVER, u -> u.userId().equals("u1"), u -> "node-b");

        b.applyReplicated(new UserChange.Removed("u1"));

        assertThat(b.find("u1")).isEmpty();
        assertThat(b.tombstones()).isEmpty();
        b.applyReplicated(new UserChange.Added(List.of(new UserRecord("u1", "node-a", "node-a", 2))));
        assertThat(b.find("u1")).as("nothing holds an older record back").isPresent();
    }

    @Test
    void aRemovalAndItsTombstoneSurviveAReopenAndCountInTheClock() throws Exception {
        a.removeUser("u2");
        drain();
        long removal = a.tombstones().get("u2");
        assertThat(b.tombstones()).containsExactlyEntriesOf(a.tombstones());
        assertThat(b.clock()).isEqualTo(removal);
        assertThat(b.digest().clock()).as("the digest's clock counts removals").isEqualTo(removal);

        UserStore reopened = store("node-b");
        assertThat(reopened.tombstones()).containsExactlyEntriesOf(b.tombstones());
        assertThat(reopened.clock()).isEqualTo(removal);
        // the add of u2 again (newer) clears the tombstone, in the database too
        reopened.applyReplicated(new UserChange.Added(List.of(new UserRecord("u2", "node-a", "node-a", removal + 2))));
        assertThat(reopened.tombstones()).isEmpty();
        assertThat(store("node-b").tombstones()).isEmpty();
    }

    @Test
    void anAddOfARemovedUserClearsItsTombstone() throws Exception {
        a.removeUser("u2");
        a.addUser("u2");
        drain();

        assertThat(a.tombstones()).isEmpty();
        assertThat(b.tombstones()).isEmpty();
        assertThat(dump(b)).isEqualTo(dump(a));
        assertThat(store("node-a").tombstones()).isEmpty();
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
