package dev.tandem.agent.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.proto.admin.v1.AlertSeverity;
import dev.tandem.proto.admin.v1.AlertType;
import dev.tandem.proto.admin.v1.CriticalServiceStatus;
import dev.tandem.proto.admin.v1.DatabaseStatus;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.MatrixMatch;
import dev.tandem.proto.admin.v1.MatrixRow;
import dev.tandem.proto.admin.v1.NodeReport;
import dev.tandem.proto.ha.v1.NodeState;
import dev.tandem.proto.ha.v1.NodeStatus;
import org.junit.jupiter.api.Test;

/** When each alert's condition is over, read from the raising agent's status. */
class AlertRulesTest {

    private static AlertRecord alert(AlertType t, String subject) {
        return new AlertRecord(1, "node-a", t, subject, AlertRules.severity(t), "s", 0, -1, "", "", -1);
    }

    private static NodeReport node(String name, NodeState state, boolean reachable, boolean syncRunning, boolean dbUp) {
        return NodeReport.newBuilder().setStatus(NodeStatus.newBuilder().setNode(name).setState(state)
                        .setReachable(reachable))
                .addServices(CriticalServiceStatus.newBuilder().setId("SYNC_AGENT").setService("Cisco Sync Agent")
                        .setRunning(syncRunning))
                .setDatabase(DatabaseStatus.newBuilder().setUp(dbUp)).build();
    }

    private static GroupStatus status(NodeReport a, NodeReport b, String row) {
        return GroupStatus.newBuilder().addNodes(a).addNodes(b).setMatrix(MatrixMatch.newBuilder().setMatched(true)
                .setRow(MatrixRow.newBuilder().setId(row))).build();
    }

    private static final NodeReport B_NORMAL = node("node-b", NodeState.NORMAL, true, true, true);

    @Test
    void severities() {
        assertThat(AlertRules.severity(AlertType.SRM_FAILED)).isEqualTo(AlertSeverity.ALERT_SEVERITY_CRITICAL);
        assertThat(AlertRules.severity(AlertType.CRITICAL_SERVICE_DOWN)).isEqualTo(AlertSeverity.ALERT_SEVERITY_CRITICAL);
        assertThat(AlertRules.severity(AlertType.SRM_FAILOVER)).isEqualTo(AlertSeverity.ALERT_SEVERITY_WARNING);
        assertThat(AlertRules.severity(AlertType.PEER_ROUND_TRIP)).isEqualTo(AlertSeverity.ALERT_SEVERITY_WARNING);
        assertThat(AlertRules.severity(AlertType.MAINTENANCE_MODE)).isEqualTo(AlertSeverity.ALERT_SEVERITY_INFO);
    }

    @Test
    void aServiceAlertClearsWhenThatServiceRunsAgain() {
        AlertRecord a = alert(AlertType.CRITICAL_SERVICE_DOWN, "SYNC_AGENT");
        GroupStatus down = status(node("node-a", NodeState.NORMAL, true, false, true), B_NORMAL, "M1");
        assertThat(AlertRules.clearedBecause(a, down)).isEmpty();
        GroupStatus up = status(node("node-a", NodeState.NORMAL, true, true, true), B_NORMAL, "M1");
        assertThat(AlertRules.clearedBecause(a, up)).contains("Cisco Sync Agent runs again on node-a");

        AlertRecord db = alert(AlertType.CRITICAL_SERVICE_DOWN, AlertRules.DATABASE);
        assertThat(AlertRules.clearedBecause(db, status(node("node-a", NodeState.NORMAL, true, true, false), B_NORMAL,
                "M1"))).isEmpty();
        assertThat(AlertRules.clearedBecause(db, up)).contains("the database of node-a is up again");
    }

    @Test
    void aFailoverAlertStaysUntilTheGroupIsBackInM1() {
        AlertRecord a = alert(AlertType.SRM_FAILOVER, "");
        NodeReport idle = node("node-a", NodeState.IDLE, true, true, true);
        assertThat(AlertRules.clearedBecause(a, status(idle, node("node-b", NodeState.RUNNING_IN_BACKUP_MODE, true,
                true, true), "M3"))).isEmpty();
        assertThat(AlertRules.clearedBecause(a, status(node("node-a", NodeState.NORMAL, true, true, true), B_NORMAL,
                "M1"))).isPresent();
    }

    @Test
    void failedModeAndPeerLossAndMaintenance() {
        AlertRecord failed = alert(AlertType.SRM_FAILED, "");
        assertThat(AlertRules.clearedBecause(failed, status(node("node-a", NodeState.RUNNING_IN_FAILED_MODE, true,
                true, true), B_NORMAL, "M21"))).isEmpty();
        assertThat(AlertRules.clearedBecause(failed, status(node("node-a", NodeState.NORMAL, true, true, true),
                B_NORMAL, "M1"))).contains("node-a is Normal with its services and database up");

        AlertRecord lost = alert(AlertType.PE_PEER_NODE_FAILURE, "");
        NodeReport aNormal = node("node-a", NodeState.NORMAL, true, true, true);
        assertThat(AlertRules.clearedBecause(lost, status(aNormal, node("node-b", NodeState.NODE_STATE_UNSPECIFIED,
                false, true, true), "M5"))).isEmpty();
        assertThat(AlertRules.clearedBecause(lost, status(aNormal, B_NORMAL, "M1"))).contains("node-b answers again");

        AlertRecord maintenance = alert(AlertType.MAINTENANCE_MODE, "");
        assertThat(AlertRules.clearedBecause(maintenance, status(aNormal, B_NORMAL, "M1").toBuilder()
                .setMaintenanceMode(true).build())).isEmpty();
        assertThat(AlertRules.clearedBecause(maintenance, status(aNormal, B_NORMAL, "M1"))).isPresent();
    }
}
