package dev.tandem.agent.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.proto.admin.v1.Action;
import dev.tandem.proto.admin.v1.DatabaseStatus;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.HeartbeatHealth;
import dev.tandem.proto.admin.v1.NodeReport;
import dev.tandem.proto.admin.v1.Precondition;
import dev.tandem.proto.admin.v1.PreflightReport;
import dev.tandem.proto.admin.v1.ReplicationRow;
import dev.tandem.proto.ha.v1.NodeState;
import dev.tandem.proto.ha.v1.NodeStatus;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pre-flight checks as a pure function of a group status and the SRM's verdict. */
class PreflightChecksTest {
    private static NodeReport node(String name, NodeState s, boolean dbUp, int setup) {
        return NodeReport.newBuilder().setStatus(NodeStatus.newBuilder().setNode(name).setState(s).setReachable(true))
                .setDatabase(DatabaseStatus.newBuilder().setUp(dbUp)).setServedUsers(10)
                .setReplication(ReplicationRow.newBuilder().setReplicationSetup(setup)).build();
    }

    private static GroupStatus status(boolean peerDbUp, int peerSetup, boolean maintenance) {
        return GroupStatus.newBuilder().setGroup("prg1").setHaEnabled(true).setMaintenanceMode(maintenance)
                .addNodes(node("a", NodeState.NORMAL, true, 2)).addNodes(node("b", NodeState.NORMAL, peerDbUp, peerSetup))
                .setHeartbeat(HeartbeatHealth.newBuilder().setPeerSeen(true).setRoundTripMs(1.5).setIntervalMs(100))
                .build();
    }

    @Test
    void failoverToAPeerWithItsDatabaseDownFailsOnDatabase() {
        PreflightReport r = PreflightChecks.check(Action.FAILOVER, "a", status(false, 2, true),
                Optional.of("Failover is not offered: peer b has its database down"));
        assertThat(r.getWouldBeAccepted()).isFalse();
        assertThat(r.getChecksList()).filteredOn(c -> !c.getPassed()).extracting(Precondition::getName)
                .containsExactly("database");
        assertThat(r.getChecksList()).filteredOn(c -> c.getName().equals("maintenance-mode"))
                .extracting(Precondition::getSentence).first().asString().contains("maintenance mode is on");
        assertThat(r.getUsersAffected()).isEqualTo(10);
    }

    @Test
    void replicationNotSetUpIsAWarningNotABlocker() {
        PreflightReport r = PreflightChecks.check(Action.FAILOVER, "a", status(true, 4, false), Optional.empty());
        assertThat(r.getWouldBeAccepted()).isTrue();
        Precondition rep = r.getChecksList().stream().filter(c -> c.getName().equals("replication")).findFirst()
                .orElseThrow();
        assertThat(rep.getPassed()).isFalse();
        assertThat(rep.getBlocking()).isFalse();
        assertThat(rep.getSentence()).contains("b (4)");
    }

    @Test
    void fallbackFromNormalFailsOnNodeState() {
        PreflightReport r = PreflightChecks.check(Action.FALLBACK, "a", status(true, 2, false),
                Optional.of("Fallback is not offered"));
        assertThat(r.getChecks(0).getName()).isEqualTo("node-state");
        assertThat(r.getChecks(0).getPassed()).isFalse();
        assertThat(r.getChecks(0).getSentence()).contains("offered only in Idle");
    }
}
