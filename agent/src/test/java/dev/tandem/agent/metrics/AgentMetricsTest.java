package dev.tandem.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.presence.sessions.SessionCounters;
import dev.tandem.agent.srm.AlertType;
import dev.tandem.agent.srm.Decision;
import dev.tandem.agent.srm.NodeState;
import dev.tandem.agent.srm.Reason;
import dev.tandem.agent.srm.SrmCommand;
import dev.tandem.agent.srm.Transition;
import dev.tandem.proto.admin.v1.CriticalServiceStatus;
import dev.tandem.proto.admin.v1.DatabaseStatus;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.HeartbeatHealth;
import dev.tandem.proto.admin.v1.NodeReport;
import dev.tandem.proto.admin.v1.ReplicationRow;
import dev.tandem.proto.ha.v1.NodeStatus;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The agent's metrics on the Prometheus client: names, labels, histograms, counters and the endpoint. */
class AgentMetricsTest {
    private final AtomicReference<GroupStatus> status = new AtomicReference<>();
    private final PresenceFigures figures = new PresenceFigures(new SessionCounters(3, 4, 5, 6, 7), 100, 50, 60, 2);
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesTodaysNamesAndLabelsAndNothingOfTheSrmBeforeItsFirstStatus() throws Exception {
        try (AgentMetrics m = start()) {
            String before = get(m, null).body();
            assertThat(before).doesNotContain("tandem_srm_state")
                    .contains("tandem_presence_active_jsm_sessions{node=\"node-a\"} 3.0\n")
                    .contains("tandem_presence_inactive_jsm_sessions{node=\"node-a\"} 4.0\n")
                    .contains("tandem_presence_jsm_sessions_client{node=\"node-a\"} 5.0\n")
                    .contains("tandem_presence_jsm_sessions_client_inactive{node=\"node-a\"} 6.0\n")
                    .contains("tandem_presence_jsm_sessions_composed{node=\"node-a\"} 7.0\n")
                    .contains("tandem_presence_users{node=\"node-a\"} 100.0\n")
                    .contains("tandem_presence_home_users{node=\"node-a\"} 50.0\n")
                    .contains("tandem_presence_served_users{node=\"node-a\"} 60.0\n")
                    .contains("tandem_replication_queue{node=\"node-a\"} 2.0\n")
                    .contains("jvm_memory_used_bytes");

            status.set(groupStatus());
            assertThat(get(m, null).body())
                    .contains("tandem_srm_state{node=\"node-a\"} 7.0\n")
                    .contains("tandem_srm_peer_reachable{node=\"node-a\"} 1.0\n")
                    .contains("tandem_replication_setup{node=\"node-a\"} 2.0\n")
                    .contains("tandem_ha_enabled{node=\"node-a\"} 1.0\n")
                    .contains("tandem_heartbeat_missed{node=\"node-a\"} 0.0\n")
                    .contains("tandem_database_up{node=\"node-a\"} 1.0\n")
                    .contains("tandem_critical_service_up{node=\"node-a\",service=\"XCP_ROUTER\"} 0.0\n")
                    .contains("tandem_group_info{group=\"cluster-1\",node=\"node-a\",peer=\"node-b\"} 1.0\n");
        }
    }

    @Test
    void decisionsFeedFailoverFallbackRecoveryAlertCountersAndDurations() throws Exception {
        try (AgentMetrics m = start()) {
            String zero = get(m, null).body();
            assertThat(zero).contains("tandem_srm_alerts_total{alert=\"PEAutoRecoveryFailed\",node=\"node-a\"} 0.0\n");

            // peer's last heartbeat at 1,000 ms; declared down at 3,500 ms; takeover done at 4,250 ms
            m.srmDecided(decide(t(NodeState.NORMAL, Reason.NORMAL, NodeState.TAKING_OVER, Reason.PEER_DOWN, 3_500),
                    new SrmCommand.RaiseAlert(AlertType.PE_PEER_NODE_FAILURE, "peer gone")), 1_000);
            m.srmDecided(decide(t(NodeState.TAKING_OVER, Reason.PEER_DOWN, NodeState.FAILED_OVER, Reason.PEER_DOWN, 4_250),
                    new SrmCommand.RaiseAlert(AlertType.SRM_FAILOVER, "failed over")), 1_000);
            m.srmDecided(decide(t(NodeState.FAILED_OVER, Reason.PEER_DOWN, NodeState.TAKING_BACK,
                    Reason.ON_ADMIN_REQUEST, 10_000)), 9_900);
            m.srmDecided(decide(t(NodeState.TAKING_BACK, Reason.ON_ADMIN_REQUEST, NodeState.RUNNING_IN_FAILED_MODE,
                    Reason.TAKE_BACK_USERS_FAILED, 10_500)), 10_400);
            m.srmDecided(decide(t(NodeState.RUNNING_IN_FAILED_MODE, Reason.TAKE_BACK_USERS_FAILED,
                    NodeState.INITIALIZING, Reason.INITIALIZATION, 12_000)), 11_900);

            assertThat(get(m, null).body())
                    .contains("tandem_srm_failovers_total{node=\"node-a\",reason=\"PEER_DOWN\"} 1.0\n")
                    .contains("tandem_srm_fallbacks_total{node=\"node-a\",reason=\"ON_ADMIN_REQUEST\"} 1.0\n")
                    .contains("tandem_srm_recoveries_total{node=\"node-a\",reason=\"TAKE_BACK_USERS_FAILED\"} 1.0\n")
                    .contains("tandem_srm_alerts_total{alert=\"PEPeerNodeFailure\",node=\"node-a\"} 1.0\n")
                    .contains("tandem_srm_alerts_total{alert=\"SRMFailover\",node=\"node-a\"} 1.0\n")
                    .contains("tandem_srm_detection_seconds_bucket{node=\"node-a\",le=\"2.0\"} 0\n")
                    .contains("tandem_srm_detection_seconds_bucket{node=\"node-a\",le=\"3.0\"} 1\n")
                    .contains("tandem_srm_detection_seconds_sum{node=\"node-a\"} 2.5\n")
                    .contains("tandem_srm_takeover_duration_seconds_sum{node=\"node-a\"} 0.75\n")
                    .contains("tandem_srm_fallback_duration_seconds_sum{node=\"node-a\"} 0.5\n");
        }
    }

    @Test
    void latencyHistogramsAndOpenMetricsOnRequest() throws Exception {
        try (AgentMetrics m = start()) {
            m.heartbeatRoundTrip(12.0);
            m.heartbeatRoundTrip(90.0);
            m.userMove("TAKE_OVER_PEER_USERS", 40_000_000L);
            m.login(300_000L);

            String text = get(m, null).body();
            assertThat(text)
                    .contains("tandem_heartbeat_round_trip_seconds_bucket{node=\"node-a\",le=\"0.08\"} 1\n")
                    .contains("tandem_heartbeat_round_trip_seconds_count{node=\"node-a\"} 2\n")
                    .contains("tandem_presence_user_move_duration_seconds_bucket{kind=\"TAKE_OVER_PEER_USERS\",node=\"node-a\",le=\"0.05\"} 1\n")
                    .contains("tandem_presence_login_duration_seconds_bucket{node=\"node-a\",le=\"5.0E-4\"} 1\n");

            HttpResponse<String> om = get(m, "application/openmetrics-text; version=1.0.0");
            assertThat(om.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
            assertThat(om.body()).endsWith("# EOF\n");
        }
    }

    private AgentMetrics start() throws Exception {
        return AgentMetrics.start(new InetSocketAddress("127.0.0.1", 0), "node-a", status::get, () -> figures);
    }

    private HttpResponse<String> get(AgentMetrics m, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.port() + "/metrics"));
        if (accept != null) {
            b.header("Accept", accept);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r;
    }

    private static Transition t(NodeState from, Reason fromReason, NodeState to, Reason reason, long atMs) {
        return new Transition("node-a", from, fromReason, to, reason, "test", "a test transition", atMs);
    }

    private static Decision decide(Transition t, SrmCommand... commands) {
        return new Decision(List.of(t), List.of(commands), null);
    }

    private static GroupStatus groupStatus() {
        return GroupStatus.newBuilder().setGroup("cluster-1").setHaEnabled(true)
                .setHeartbeat(HeartbeatHealth.newBuilder().setPeerSeen(true))
                .addNodes(NodeReport.newBuilder()
                        .setStatus(NodeStatus.newBuilder().setNode("node-a").setStateValue(7))
                        .addServices(CriticalServiceStatus.newBuilder().setId("XCP_ROUTER").setRunning(false))
                        .setDatabase(DatabaseStatus.newBuilder().setUp(true))
                        .setReplication(ReplicationRow.newBuilder().setReplicationSetup(2)))
                .addNodes(NodeReport.newBuilder().setStatus(NodeStatus.newBuilder().setNode("node-b").setStateValue(6)))
                .build();
    }
}
