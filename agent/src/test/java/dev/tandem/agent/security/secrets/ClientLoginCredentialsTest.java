package dev.tandem.agent.security.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.presence.NodeEndpoint;
import dev.tandem.agent.presence.PresenceNode;
import dev.tandem.agent.presence.ReloginLimits;
import dev.tandem.agent.presence.GroupNodes;
import dev.tandem.agent.presence.PresenceNodeConfig;
import dev.tandem.agent.presence.users.UserChange;
import dev.tandem.agent.replication.StoreChanges;
import java.sql.DriverManager;
import dev.tandem.agent.presence.testkit.TestClient;
import dev.tandem.agent.presence.users.UserRecord;
import dev.tandem.proto.presence.v1.ClientMessage;
import dev.tandem.proto.presence.v1.ConnectionMode;
import dev.tandem.proto.presence.v1.Login;
import dev.tandem.proto.presence.v1.ServerMessage;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-user secrets on the client port of two presence nodes (real gRPC client ports on
 * loopback; the store replicated through the peer protocol's encoding), and the one-ACTIVE-login rule.
 */
class ClientLoginCredentialsTest {
    /** Two presence nodes whose stores replicate synchronously through StoreChanges encode/decode. */
    static final class Pair implements AutoCloseable {
        final PresenceNode n1;
        final PresenceNode n2;

        Pair() throws Exception {
            GroupNodes group = new GroupNodes("node1", "node2");
            n1 = new PresenceNode(PresenceNodeConfig.loopback("node1", group).withRelogin(ReloginLimits.ofMillis(0, 0)),
                    DriverManager.getConnection("jdbc:sqlite::memory:")).start();
            n2 = new PresenceNode(PresenceNodeConfig.loopback("node2", group).withRelogin(ReloginLimits.ofMillis(0, 0)),
                    DriverManager.getConnection("jdbc:sqlite::memory:")).start();
            n1.setPeerEndpoint(n2.endpoint());
            n2.setPeerEndpoint(n1.endpoint());
            link(n1, n2);
            link(n2, n1);
        }

        private static void link(PresenceNode from, PresenceNode to) {
            from.users().addListener((change, origin) -> {
                if (origin == UserChange.Origin.LOCAL) {
                    to.users().applyReplicated(StoreChanges.decode(StoreChanges.encode(change)));
                }
            });
        }

        PresenceNode node1() {
            return n1;
        }

        PresenceNode node2() {
            return n2;
        }

        void awaitReplicated() {
            // synchronous
        }

        @Override
        public void close() throws Exception {
            n1.close();
            n2.close();
        }
    }

    private Pair pair;
    private final List<TestClient> clients = new ArrayList<>();
    private final SecretHasher hasher = new SecretHasher(1000);

    @BeforeEach
    void start() throws Exception {
        pair = new Pair();
        for (PresenceNode n : List.of(pair.node1(), pair.node2())) {
            n.sessions().setLoginGuard(new SecretLoginGuard(n.users(), true));
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (TestClient c : clients) {
            c.close();
        }
        pair.close();
    }

    private TestClient login(NodeEndpoint node, String user, String secret) {
        TestClient c = new TestClient(node);
        clients.add(c);
        c.send(ClientMessage.newBuilder().setLogin(Login.newBuilder().setUserId(user).setSecret(secret)
                .setMode(ConnectionMode.ACTIVE)).build());
        return c;
    }

    private PresenceNode home(UserRecord u) {
        return u.homeNode().equals("node1") ? pair.node1() : pair.node2();
    }

    @Test
    void onlyTheUsersOwnSecretLogsInAndTheHashReplicates() throws Exception {
        List<UserRecord> added = pair.node1().users().addUsers(List.of("alice", "bob"));
        pair.node1().users().setSecretHash("alice", hasher.hash("alice-secret-1"));
        pair.node1().users().setSecretHash("bob", hasher.hash("bob-secret-22"));
        pair.awaitReplicated();
        assertThat(pair.node2().users().secretHash("alice")).isEqualTo(pair.node1().users().secretHash("alice"));
        UserRecord alice = added.stream().filter(u -> u.userId().equals("alice")).findFirst().orElseThrow();
        NodeEndpoint at = home(alice).endpoint();

        // bob's secret, no secret, a wrong one, an unknown user: one answer for all
        for (String[] attempt : new String[][] {{"alice", "bob-secret-22"}, {"alice", ""}, {"alice", "alice-secret-2"},
                {"mallory", "whatever-123"}}) {
            Status s = login(at, attempt[0], attempt[1]).closed.get(5, TimeUnit.SECONDS);
            assertThat(s.getCode()).as(String.join("/", attempt)).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(s.getDescription()).isEqualTo(SecretLoginGuard.REFUSAL);
        }
        assertThat(home(alice).sessions().activeUsers()).isEmpty();

        login(at, "alice", "alice-secret-1").await(ServerMessage::hasLoginAccepted);
        assertThat(home(alice).sessions().activeUsers()).containsExactly("alice");
    }

    @Test
    void aSecondActiveLoginReplacesTheFirst() throws Exception {
        UserRecord u = pair.node1().users().addUsers(List.of("carol")).get(0);
        pair.node1().users().setSecretHash("carol", hasher.hash("carol-secret"));
        pair.awaitReplicated();
        TestClient first = login(home(u).endpoint(), "carol", "carol-secret");
        first.await(ServerMessage::hasLoginAccepted);
        TestClient second = login(home(u).endpoint(), "carol", "carol-secret");
        second.await(ServerMessage::hasLoginAccepted);

        Status old = first.closed.get(5, TimeUnit.SECONDS);
        assertThat(old.getCode()).isEqualTo(Status.Code.ABORTED);
        assertThat(old.getDescription()).contains("replaced by a newer ACTIVE login");
        assertThat(second.closed).isNotDone();
        assertThat(home(u).sessions().activeUsers()).containsExactly("carol");
        assertThat(home(u).counters().activeJsmSessions()).isEqualTo(1);
    }

    @Test
    void withoutRequiredSecretsAUserWithNoneLogsInAsBefore() throws Exception {
        UserRecord u = pair.node1().users().addUsers(List.of("dave")).get(0);
        pair.awaitReplicated();
        home(u).sessions().setLoginGuard(new SecretLoginGuard(home(u).users(), false));
        login(home(u).endpoint(), "dave", "").await(ServerMessage::hasLoginAccepted);
    }
}
