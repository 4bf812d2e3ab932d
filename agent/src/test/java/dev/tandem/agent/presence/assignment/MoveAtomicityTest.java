package dev.tandem.agent.presence.assignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.agent.presence.GroupNodes;
import dev.tandem.agent.presence.MoveFailedException;
import dev.tandem.agent.srm.MoveKind;
import dev.tandem.agent.presence.MoveReport;
import dev.tandem.agent.presence.store.MoveFault;
import dev.tandem.agent.presence.store.PresenceStore;
import dev.tandem.agent.presence.users.UserRecord;
import dev.tandem.agent.presence.users.UserStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A move is one transaction: a failure half-way moves nobody (M19/M20 come from here). */
class MoveAtomicityTest {
    private static final GroupNodes GROUP = new GroupNodes("node1", "node2");

    @TempDir
    Path dir;

    private static List<String> users(int n) {
        return IntStream.range(0, n).mapToObj(i -> "u" + i).toList();
    }

    @Test
    void movesEveryPeerUserInOneGoAndRecordsIt() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            PresenceStore db = new PresenceStore(c);
            db.createSchema();
            UserStore store = UserStore.open("node2", GROUP, db);
            store.addUsers(users(10));
            PresenceUserMoves moves = new PresenceUserMoves(store, db);

            MoveReport report = moves.takeOverPeerUsers();

            assertThat(report.kind()).isEqualTo(MoveKind.TAKE_OVER);
            assertThat(report.usersMoved()).isEqualTo(5);
            assertThat(store.all()).allMatch(u -> u.isServedBy("node2"));
            assertThat(moves.giveBackPeerUsers().usersMoved()).isEqualTo(5);
            assertThat(moves.resetToHome().usersMoved()).isZero();
            assertThat(db.loadMoveLog()).hasSize(3).first().asString().contains("TAKE_OVER -> node2 x5");
        }
    }

    @Test
    void aMoveSaysWhereItsTimeWent() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            PresenceStore db = new PresenceStore(c);
            db.createSchema();
            UserStore store = UserStore.open("node2", GROUP, db);
            store.addUsers(users(10));
            store.addListener((change, origin) -> { });

            new PresenceUserMoves(store, db).takeOverPeerUsers();

            // the move's log line carries it: selection, durable write, memory, each listener
            assertThat(store.lastMoveBreakdown()).contains("select ", "store write ", "memory ", "listeners ")
                    .matches(".*store write \\d+\\.\\d ms.*");
        }
    }

    @Test
    void injectedWriteFailureMovesNobodyInMemoryOrOnDisk() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            PresenceStore db = new PresenceStore(c);
            db.createSchema();
            UserStore store = UserStore.open("node2", GROUP, db);
            store.addUsers(users(100));
            PresenceUserMoves moves = new PresenceUserMoves(store, db);
            List<UserRecord> before = db.loadUsers();

            moves.failNextMove(MoveFault.FAIL_WRITE);

            assertThatThrownBy(moves::takeOverPeerUsers).isInstanceOf(MoveFailedException.class)
                    .hasMessageContaining("nobody moved");
            assertThat(db.loadUsers()).containsExactlyInAnyOrderElementsOf(before);
            assertThat(store.all()).containsExactlyInAnyOrderElementsOf(before);
            assertThat(db.loadMoveLog()).isEmpty();
            assertThat(moves.takeOverPeerUsers().usersMoved()).isEqualTo(50); // the fault hits one move only
        }
    }

    @Test
    void takeAllAndGiveAllAreOneTransactionEach() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            PresenceStore db = new PresenceStore(c);
            db.createSchema();
            UserStore store = UserStore.open("node2", GROUP, db);
            store.addUsers(users(10));
            PresenceUserMoves moves = new PresenceUserMoves(store, db);
            moves.move(MoveKind.HAND_OVER); // node2's own users now served by node1: nobody is served here
            List<UserRecord> before = db.loadUsers();

            // a failure half-way through TAKE_ALL moves neither the peer's users nor our own
            moves.failNextMove(MoveFault.FAIL_WRITE);
            assertThatThrownBy(() -> moves.move(MoveKind.TAKE_ALL)).isInstanceOf(MoveFailedException.class);
            assertThat(db.loadUsers()).containsExactlyInAnyOrderElementsOf(before);
            assertThat(db.loadMoveLog()).hasSize(1);

            MoveReport all = moves.move(MoveKind.TAKE_ALL);
            assertThat(all.kind()).isEqualTo(MoveKind.TAKE_ALL);
            assertThat(all.usersMoved()).isEqualTo(10);
            assertThat(store.all()).allMatch(u -> u.isServedBy("node2"));
            assertThat(db.loadMoveLog()).hasSize(2).last().asString().contains("TAKE_ALL -> node2 x10");

            MoveReport none = moves.move(MoveKind.GIVE_ALL);
            assertThat(none.usersMoved()).isEqualTo(10);
            assertThat(store.all()).allMatch(u -> u.isServedBy("node1"));
            assertThat(db.loadMoveLog()).hasSize(3).last().asString().contains("GIVE_ALL -> node1 x10");
        }
    }

    @Test
    void connectionLostHalfWayLeavesEveryUserServedByExactlyOneNodeAfterReopen() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("agent.db");
        Connection c = DriverManager.getConnection(url);
        PresenceStore db = new PresenceStore(c);
        db.createSchema();
        UserStore store = UserStore.open("node1", GROUP, db);
        store.addUsers(users(1000));
        PresenceUserMoves moves = new PresenceUserMoves(store, db);
        moves.failNextMove(MoveFault.CLOSE_CONNECTION);

        assertThatThrownBy(moves::handOverOwnUsers).isInstanceOf(MoveFailedException.class);
        assertThat(c.isClosed()).isTrue();

        try (Connection reopened = DriverManager.getConnection(url)) {
            List<UserRecord> after = new PresenceStore(reopened).loadUsers();
            assertThat(after).hasSize(1000);
            assertThat(after).allMatch(u -> GROUP.contains(u.servingNode()));
            assertThat(after).allMatch(u -> u.servingNode().equals(u.homeNode())); // nobody half-moved
        }
    }
}
