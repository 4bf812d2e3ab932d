package dev.tandem.agent.e2e;

import static dev.tandem.agent.e2e.Fixtures.SOON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.tools.sim.SimulatedClients;
import dev.tandem.tools.sim.SimulationConfig;
import dev.tandem.agent.presence.testkit.Await;
import dev.tandem.agent.presence.testkit.TestClient;
import dev.tandem.agent.presence.users.UserRecord;
import dev.tandem.tools.demo.EmbeddedPair;
import dev.tandem.proto.admin.v1.AddUsersRequest;
import dev.tandem.proto.admin.v1.AdminServiceGrpc.AdminServiceBlockingStub;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import dev.tandem.proto.admin.v1.SetUserAssignmentModeRequest;
import dev.tandem.proto.admin.v1.UserAssignmentMode;
import dev.tandem.proto.presence.v1.ConnectionMode;
import dev.tandem.proto.presence.v1.PresenceStatus;
import dev.tandem.proto.presence.v1.ServerMessage;
import dev.tandem.proto.presence.v1.SubscriptionKind;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The presence node inside two live agents: real clients on the client ports, the admin API, real moves. */
class PresencePairTest {
    @TempDir
    Path dir;
    EmbeddedPair pair;
    ManagedChannel ch;
    AdminServiceBlockingStub admin;
    GroupWatch watch;
    final List<TestClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Map<String, String> cfg = new java.util.HashMap<>(Fixtures.FAST);
        cfg.putAll(LivePresence.QUICK_RELOGIN);
        pair = EmbeddedPair.start(dir, "node-a", "node-b", cfg);
        ch = Fixtures.channel(pair.first().adminTarget());
        admin = Fixtures.admin(ch);
        watch = new GroupWatch(pair.second().adminTarget());
        watch.awaitRow("M1", SOON);
        // users are added through node-a, which refuses them until it too has seen node-b Normal
        // (node-b's M1 can precede node-a's by a heartbeat on a loaded machine)
        try (GroupWatch first = new GroupWatch(pair.first().adminTarget())) {
            first.awaitRow("M1", SOON);
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (TestClient c : clients) {
            c.close();
        }
        watch.close();
        ch.shutdownNow();
        pair.close();
    }

    private void addUsers(List<String> users) {
        admin.addUsers(AddUsersRequest.newBuilder().setActor("test").addAllUsers(users).build());
        LivePresence.awaitStoresEqual(pair, SOON);
    }

    private static List<String> users(int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("user%03d", i)).toList();
    }

    private static boolean has(Map<String, Double> c, long active, long inactive) {
        return c.getOrDefault("JsmSessionsClient", -1.0) == active
                && c.getOrDefault("JsmSessionsClientInactive", -1.0) == inactive
                && c.getOrDefault("ActiveJsmSessions", -1.0) == active
                && c.getOrDefault("InactiveJsmSessions", -1.0) == inactive
                && c.getOrDefault("JsmSessionsComposed", -1.0) == active + inactive;
    }

    @Test
    void dualConnectedClientsShowXAndYOnNodeOneAndTheReverseOnNodeTwoThroughTheAdminApi() throws Exception {
        addUsers(users(7)); // balanced: 4 homed on node-a, 3 on node-b
        long x = pair.first().presence().users().all().stream().filter(u -> u.isHomedOn("node-a")).count();
        long y = 7 - x;
        assertThat(x).isEqualTo(4);
        SimulationConfig cfg = new SimulationConfig(List.of(LivePresence.endpoint(pair.first()),
                LivePresence.endpoint(pair.second())), users(7), true, 1, Duration.ZERO, 1.0);
        try (SimulatedClients sim = new SimulatedClients(cfg).start()) {
            assertThat(sim.awaitAllServed(SOON)).isTrue();
            assertThat(sim.awaitAllStandby(SOON)).isTrue();

            LivePresence.awaitCounters(admin, "node-a", SOON, c -> has(c, x, y));
            LivePresence.awaitCounters(admin, "node-b", SOON, c -> has(c, y, x));
        }
    }

    @Test
    void anIdleNodeHoldsNoStandbyConnectionsAndTheyReturnAfterFallback() throws Exception {
        addUsers(users(7)); // balanced: 4 homed on node-a, 3 on node-b
        SimulationConfig cfg = new SimulationConfig(List.of(LivePresence.endpoint(pair.first()),
                LivePresence.endpoint(pair.second())), users(7), true, 1, Duration.ZERO, 1.0);
        try (SimulatedClients sim = new SimulatedClients(cfg).start()) {
            assertThat(sim.awaitAllServed(SOON)).isTrue();
            assertThat(sim.awaitAllStandby(SOON)).isTrue();
            LivePresence.awaitCounters(admin, "node-a", SOON, c -> has(c, 4, 3));

            admin.failover(NodeActionRequest.newBuilder().setNode("node-a").setActor("ops").build());
            watch.awaitRow("M3", SOON);
            // node-a's critical services are stopped: it serves nobody and holds no standby either
            LivePresence.awaitCounters(admin, "node-a", SOON, c -> has(c, 0, 0));
            LivePresence.awaitCounters(admin, "node-b", SOON, c -> has(c, 7, 0));

            admin.fallback(NodeActionRequest.newBuilder().setNode("node-a").setActor("ops").build());
            watch.awaitRow("M1", SOON);
            // clients try their standby again once node-a runs: the X/Y split returns
            LivePresence.awaitCounters(admin, "node-a", SOON, c -> has(c, 4, 3));
            LivePresence.awaitCounters(admin, "node-b", SOON, c -> has(c, 3, 4));
        }
    }

    @Test
    void userAddIsRefusedDuringAFailoverAndAcceptedAfterTheFallback() throws Exception {
        addUsers(users(4));
        admin.failover(NodeActionRequest.newBuilder().setNode("node-a").setActor("ops").build());
        watch.awaitRow("M3", SOON);

        assertThatThrownBy(() -> admin.addUsers(AddUsersRequest.newBuilder().addUsers("late").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(e.getStatus().getDescription()).contains("node-a is Idle").contains("both nodes are Normal");
                });
        assertThat(pair.second().presence().users().find("late")).isEmpty();

        admin.fallback(NodeActionRequest.newBuilder().setNode("node-a").setActor("ops").build());
        watch.awaitRow("M1", SOON);
        Await.until(() -> pair.first().presence().users().addUsersAllowed(), ok -> ok, SOON);
        assertThat(admin.addUsers(AddUsersRequest.newBuilder().addUsers("late").build()).getChanged()).isEqualTo(1);
        LivePresence.awaitStoresEqual(pair, SOON);
        assertThat(pair.second().presence().users().find("late")).isPresent();
    }

    private void setMode(UserAssignmentMode m) {
        admin.setUserAssignmentMode(SetUserAssignmentModeRequest.newBuilder().setMode(m).setActor("ops").build());
        LivePresence.awaitStoresEqual(pair, SOON);
    }

    private long homedOn(String node) {
        return pair.second().presence().users().all().stream().filter(u -> u.isHomedOn(node) && u.isServedBy(node)).count();
    }

    @Test
    void eachAssignmentModePlacesUsersAndRePlacesThemOnChange() throws Exception {
        addUsers(users(10));
        assertThat(homedOn("node-a")).isEqualTo(5);
        assertThat(homedOn("node-b")).isEqualTo(5);

        setMode(UserAssignmentMode.ACTIVE_STANDBY);
        assertThat(homedOn("node-a")).isEqualTo(10);
        addUsers(List.of("as1"));
        assertThat(pair.second().presence().users().find("as1").orElseThrow().homeNode()).isEqualTo("node-a");
        GroupStatus s = watch.await("node-a serves 11", SOON, st -> Fixtures.node(st, "node-a").getServedUsers() == 11);
        assertThat(Fixtures.node(s, "node-b").getServedUsers()).isZero();

        setMode(UserAssignmentMode.NONE);
        assertThat(pair.second().presence().users().all()).hasSize(11)
                .allMatch(u -> u.homeNode() == null && u.servingNode() == null);
        addUsers(List.of("none1"));
        assertThat(pair.first().presence().users().find("none1").orElseThrow().homeNode()).isNull();

        setMode(UserAssignmentMode.BALANCED);
        assertThat(homedOn("node-a")).isEqualTo(6);
        assertThat(homedOn("node-b")).isEqualTo(6);
        assertThat(pair.second().presence().users().assignmentMode().name()).isEqualTo("BALANCED");
    }

    @Test
    void failoverOfTheLivePairDropsTemporarySubscriptionsAndKeepsTheRoster() throws Exception {
        addUsers(List.of("watcher", "rosterPal", "x", "tempPal"));
        UserRecord w = pair.first().presence().users().find("watcher").orElseThrow();
        assertThat(w.homeNode()).isEqualTo("node-a");
        assertThat(pair.first().presence().users().find("tempPal").orElseThrow().homeNode()).isEqualTo("node-b");
        var a = LivePresence.endpoint(pair.first());
        var b = LivePresence.endpoint(pair.second());
        TestClient watcherActive = track(TestClient.loggedIn(a, "watcher", ConnectionMode.ACTIVE));
        TestClient watcherStandby = track(TestClient.loggedIn(b, "watcher", ConnectionMode.INACTIVE));
        TestClient rosterPal = track(TestClient.loggedIn(b, "rosterPal", ConnectionMode.ACTIVE));
        TestClient tempPal = track(TestClient.loggedIn(b, "tempPal", ConnectionMode.ACTIVE));
        watcherActive.subscribe("rosterPal", SubscriptionKind.ROSTER);
        watcherActive.subscribe("tempPal", SubscriptionKind.TEMPORARY);
        Await.until(() -> pair.first().presence().node().sessions().temporarySubscriptionsOf("watcher"),
                t -> t.contains("tempPal"), SOON);
        Await.until(() -> pair.second().presence().users().rosterOf("watcher"), r -> r.contains("rosterPal"), SOON);
        tempPal.publish(PresenceStatus.BUSY, "before"); // published on node-b, relayed to node-a
        assertThat(watcherActive.await(ServerMessage::hasPresence).getPresence().getNote()).isEqualTo("before");

        admin.failover(NodeActionRequest.newBuilder().setNode("node-a").setActor("ops").build());
        assertThat(watcherActive.await(ServerMessage::hasRedirect).getRedirect().getMoved()).isTrue();
        watcherStandby.await(ServerMessage::hasPromoted);
        watch.awaitRow("M3", SOON);

        assertThat(pair.second().presence().node().sessions().temporarySubscriptionsOf("watcher")).isEmpty();
        tempPal.publish(PresenceStatus.AWAY, "temp-after");
        rosterPal.publish(PresenceStatus.AVAILABLE, "roster-after");
        ServerMessage next = watcherStandby.await(m -> m.hasPresence() && !m.getPresence().getNote().equals("before"));
        assertThat(next.getPresence().getUserId()).isEqualTo("rosterPal");
        assertThat(next.getPresence().getNote()).isEqualTo("roster-after");
        assertThat(watcherStandby.received).noneMatch(m -> m.getPresence().getNote().equals("temp-after"));
        assertThat(pair.first().presence().users().rosterOf("watcher")).contains("rosterPal");
    }

    private TestClient track(TestClient c) {
        clients.add(c);
        return c;
    }

    @Test
    void aNodeThatFailedOverServesNobody() throws Exception {
        addUsers(List.of("alice", "bob")); // alice on node-a
        admin.failover(NodeActionRequest.newBuilder().setNode("node-a").setActor("ops").build());
        watch.awaitRow("M3", SOON);
        // node-a is Idle: it serves nobody, whatever its store says
        TestClient c = track(TestClient.login(LivePresence.endpoint(pair.first()), "alice", ConnectionMode.ACTIVE));
        Status refused = c.awaitClosed();
        assertThat(refused.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(refused.getDescription()).isEqualTo("node-a is Idle (On Admin Request) and serves no users now");
        // node-b serves her
        TestClient d = track(TestClient.loggedIn(LivePresence.endpoint(pair.second()), "alice", ConnectionMode.ACTIVE));
        assertThat(pair.second().presence().node().sessions().activeUsers()).contains("alice");
        assertThat(pair.first().presence().node().sessions().activeUsers()).isEmpty();
        assertThat(d.closed).isNotDone();
    }

    @Test
    void injectedDatabaseFaultDuringTakeoverIsM19() throws Exception {
        addUsers(users(6));
        pair.second().failNextMove();
        admin.failover(NodeActionRequest.newBuilder().setNode("node-a").setActor("ops").build());
        GroupStatus s = watch.awaitRow("M19", SOON);
        assertThat(Fixtures.node(s, "node-b").getStatus().getReason().name()).isEqualTo("TAKE_OVER_USERS_FAILED");
    }

    @Test
    void injectedDatabaseFaultDuringTakeBackIsM20() throws Exception {
        addUsers(users(6));
        admin.failover(NodeActionRequest.newBuilder().setNode("node-a").setActor("ops").build());
        watch.awaitRow("M3", SOON);
        pair.first().failNextMove();
        admin.fallback(NodeActionRequest.newBuilder().setNode("node-a").setActor("ops").build());
        GroupStatus s = watch.awaitRow("M20", SOON);
        assertThat(Fixtures.node(s, "node-a").getStatus().getReason().name()).isEqualTo("TAKE_BACK_USERS_FAILED");
    }
}
