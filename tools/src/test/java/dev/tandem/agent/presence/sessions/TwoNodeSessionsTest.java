package dev.tandem.agent.presence.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.presence.PresenceNode;
import dev.tandem.agent.presence.ReloginLimits;
import dev.tandem.tools.sim.EmulatedPair;
import dev.tandem.agent.presence.testkit.Await;
import dev.tandem.agent.presence.testkit.TestClient;
import dev.tandem.agent.presence.users.UserRecord;
import dev.tandem.proto.presence.v1.ConnectionMode;
import dev.tandem.proto.presence.v1.PresenceStatus;
import dev.tandem.proto.presence.v1.ServerMessage;
import dev.tandem.proto.presence.v1.SubscriptionKind;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two presence nodes over loopback gRPC, replicated through the emulation harness. */
class TwoNodeSessionsTest {
    private EmulatedPair pair;
    private final List<TestClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        pair = new EmulatedPair(ReloginLimits.ofMillis(0, 0), true);
    }

    @AfterEach
    void stop() throws Exception {
        for (TestClient c : clients) {
            c.close();
        }
        pair.close();
    }

    private PresenceNode node(String name) {
        return name.equals("node1") ? pair.node1() : pair.node2();
    }

    private PresenceNode peerOf(String name) {
        return name.equals("node1") ? pair.node2() : pair.node1();
    }

    /** Active to the home node and inactive to the other: a dual-connected client. */
    private TestClient[] dualConnect(UserRecord u) throws Exception {
        TestClient active = TestClient.loggedIn(node(u.homeNode()).endpoint(), u.userId(), ConnectionMode.ACTIVE);
        TestClient inactive = TestClient.loggedIn(peerOf(u.homeNode()).endpoint(), u.userId(), ConnectionMode.INACTIVE);
        clients.add(active);
        clients.add(inactive);
        return new TestClient[] {active, inactive};
    }

    @Test
    void countersShowXActiveAndYInactiveOnNodeOneAndTheReverseOnNodeTwo() throws Exception {
        pair.node1().users().addUsers(IntStream.range(0, 7).mapToObj(i -> "user" + i).toList());
        pair.awaitReplicated();
        for (UserRecord u : pair.node1().users().all()) {
            dualConnect(u);
        }
        long x = pair.node1().users().all().stream().filter(u -> u.isHomedOn("node1")).count();
        long y = 7 - x;

        assertThat(pair.node1().counters()).isEqualTo(new SessionCounters(x, y, x, y, 7));
        assertThat(pair.node2().counters()).isEqualTo(new SessionCounters(y, x, y, x, 7));

        // Failover 1 -> 2 (M2/M3): node 2 serves everyone through the promoted connections.
        pair.node1().moves().handOverOwnUsers();
        pair.node2().moves().takeOverPeerUsers();
        pair.awaitReplicated();

        assertThat(pair.node2().counters()).isEqualTo(new SessionCounters(7, 0, 7, 0, 7));
        // node1 serves nobody (ActiveJsmSessions 0); it still holds node2's users' standby
        // connections, since only its own users were handed over.
        assertThat(pair.node1().counters()).isEqualTo(new SessionCounters(0, y, 0, y, y));
    }

    @Test
    void activeLoginOnTheWrongNodeIsRedirectedToTheServingNode() throws Exception {
        pair.node1().users().addUsers(List.of("alice", "bob"));
        pair.awaitReplicated();
        TestClient c = TestClient.login(pair.node1().endpoint(), "bob", ConnectionMode.ACTIVE);
        clients.add(c);

        ServerMessage m = c.await(ServerMessage::hasRedirect);

        assertThat(m.getRedirect().getNode().getName()).isEqualTo("node2");
        assertThat(m.getRedirect().getNode().getAddress()).isEqualTo(pair.node2().endpoint().address());
        assertThat(m.getRedirect().getMoved()).isFalse();
        assertThat(c.awaitClosed().isOk()).isTrue();
        assertThat(pair.node1().counters().jsmSessionsComposed()).isZero();
    }

    @Test
    void inactiveLoginsAreRefusedForOwnUsersAndWhenSecureModeIsOff() throws Exception {
        pair.node1().users().addUsers(List.of("alice", "bob"));
        pair.awaitReplicated();
        TestClient own = TestClient.login(pair.node1().endpoint(), "alice", ConnectionMode.INACTIVE);
        TestClient unknown = TestClient.login(pair.node1().endpoint(), "carol", ConnectionMode.ACTIVE);
        clients.add(own);
        clients.add(unknown);
        assertThat(own.awaitClosed().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(unknown.awaitClosed().getCode()).isEqualTo(Status.Code.NOT_FOUND);

        pair.node1().sessions().setSecureMode(false);
        TestClient peerUser = TestClient.login(pair.node1().endpoint(), "bob", ConnectionMode.INACTIVE);
        clients.add(peerUser);
        Status refused = peerUser.awaitClosed();
        assertThat(refused.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(refused.getDescription()).contains("secure mode is off");
        assertThat(pair.node1().counters().jsmSessionsComposed()).isZero();
    }

    @Test
    void failoverDropsTemporarySubscriptionsAndKeepsTheRoster() throws Exception {
        // watcher on node1; both watched users on node2
        pair.node1().users().addUsers(List.of("watcher", "rosterPal", "x", "tempPal"));
        pair.awaitReplicated();
        assertThat(pair.node1().users().find("watcher").orElseThrow().homeNode()).isEqualTo("node1");
        assertThat(pair.node1().users().find("rosterPal").orElseThrow().homeNode()).isEqualTo("node2");
        assertThat(pair.node1().users().find("tempPal").orElseThrow().homeNode()).isEqualTo("node2");
        TestClient[] watcher = dualConnect(pair.node1().users().find("watcher").orElseThrow());
        TestClient rosterPal = TestClient.loggedIn(pair.node2().endpoint(), "rosterPal", ConnectionMode.ACTIVE);
        TestClient tempPal = TestClient.loggedIn(pair.node2().endpoint(), "tempPal", ConnectionMode.ACTIVE);
        clients.add(rosterPal);
        clients.add(tempPal);
        watcher[0].subscribe("rosterPal", SubscriptionKind.ROSTER);
        watcher[0].subscribe("tempPal", SubscriptionKind.TEMPORARY);
        Await.until(() -> pair.node1().sessions().temporarySubscriptionsOf("watcher"), s -> s.contains("tempPal"),
                Duration.ofSeconds(5));
        Await.until(() -> pair.node2().users().rosterOf("watcher"), s -> s.contains("rosterPal"), Duration.ofSeconds(5));
        tempPal.publish(PresenceStatus.BUSY, "before");
        assertThat(watcher[0].await(ServerMessage::hasPresence).getPresence().getNote()).isEqualTo("before");

        pair.node1().moves().handOverOwnUsers();
        pair.node2().moves().takeOverPeerUsers();

        assertThat(watcher[0].await(ServerMessage::hasRedirect).getRedirect().getMoved()).isTrue();
        watcher[1].await(ServerMessage::hasPromoted);
        assertThat(pair.node2().sessions().temporarySubscriptionsOf("watcher")).isEmpty();
        tempPal.publish(PresenceStatus.AWAY, "temp-after");
        rosterPal.publish(PresenceStatus.AVAILABLE, "roster-after");
        ServerMessage next = watcher[1].await(ServerMessage::hasPresence);
        assertThat(next.getPresence().getUserId()).isEqualTo("rosterPal");
        assertThat(next.getPresence().getNote()).isEqualTo("roster-after");
        assertThat(watcher[1].received).noneMatch(m -> m.getPresence().getNote().equals("temp-after"));
    }

    @Test
    void addUsersGateIsPerNodeAndSaysWhy() {
        pair.node1().users().setAddUsersAllowed(false, "node1 is Taking Over");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pair.node1().users().addUser("z"))
                .hasMessageContaining("node1 is Taking Over");
        assertThat(pair.node1().users().size()).isZero();
    }
}
