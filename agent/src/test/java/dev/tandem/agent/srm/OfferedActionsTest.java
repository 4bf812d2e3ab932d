package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which manual action each state offers (§6), and the sentence of each refusal. */
class OfferedActionsTest {

    private static PeerStatus peer(NodeState s, boolean servicesUp, boolean databaseUp) {
        return new PeerStatus("n2", s, Reason.NORMAL, true, SrmParameters.defaults().fingerprint(), servicesUp,
                databaseUp, null, 1, 1, false);
    }

    private static Optional<String> failover(NodeState state, boolean ha, PeerStatus p) {
        return OfferedActions.refusal(AdminAction.FAILOVER, "n1", state, Reason.NORMAL, ha, true, p);
    }

    @Test
    void failoverNeedsNormalHaAndAHealthyNormalPeer() {
        PeerStatus healthy = peer(NORMAL, true, true);
        assertThat(failover(NORMAL, true, healthy)).isEmpty();
        for (NodeState s : EnumSet.complementOf(EnumSet.of(NORMAL))) {
            assertThat(failover(s, true, healthy)).as(s.name()).get().asString()
                    .isEqualTo("Failover is not offered: n1 is " + s.label() + " (Normal); failover is offered only in Normal");
        }
        assertThat(failover(NORMAL, false, healthy)).contains(
                "Failover is not offered: high availability is not enabled on n1");
        assertThat(failover(NORMAL, true, null)).contains(
                "Failover is not offered: the peer of n1 is unreachable, so nobody could take over its users");
        assertThat(failover(NORMAL, true, peer(RUNNING_IN_BACKUP_MODE, true, true))).contains(
                "Failover is not offered: peer n2 is Running in Backup Mode (Normal); it can take over only from Normal");
    }

    @Test
    void failoverIsRefusedWhenThePeerCouldNotServe() {
        assertThat(failover(NORMAL, true, peer(NORMAL, false, true))).contains("Failover is not offered: peer n2 has"
                + " critical services down, so it could not serve the users of n1");
        assertThat(failover(NORMAL, true, peer(NORMAL, true, false))).contains("Failover is not offered: peer n2 has"
                + " its database down, so it could not serve the users of n1");
        assertThat(failover(NORMAL, true, peer(NORMAL, false, false))).get().asString().contains("its database down");
    }

    @Test
    void fallbackFromIdleFailedOverOrFailoverAffectedServices() {
        EnumSet<NodeState> offered = EnumSet.of(IDLE, FAILED_OVER, FAILOVER_AFFECTED_SERVICES);
        for (NodeState s : NodeState.values()) {
            Optional<String> r = OfferedActions.refusal(AdminAction.FALLBACK, "n1", s, Reason.ON_ADMIN_REQUEST, false,
                    true, null);
            assertThat(r.isEmpty()).as(s.name()).isEqualTo(offered.contains(s));
        }
        assertThat(OfferedActions.refusal(AdminAction.FALLBACK, "n1", NORMAL, Reason.NORMAL, true, true, null))
                .contains("Fallback is not offered: n1 is Normal (Normal); fallback is offered only in Idle,"
                        + " Failed Over or Failover Affected Services");
        assertThat(OfferedActions.refusal(AdminAction.FALLBACK, "n1", FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING,
                Reason.CRITICAL_SERVICES_DOWN, true, false, null)).get().asString()
                .endsWith("; start its critical services first");
        assertThat(OfferedActions.refusal(AdminAction.FALLBACK, "n1", FAILOVER_AFFECTED_SERVICES,
                Reason.AUTO_RECOVER_DATABASE_FAILURE, true, false, null)).contains("Fallback is not offered: n1 is"
                + " Failover Affected Services (Auto Recover Database Failure) and its database or critical services"
                + " are still down; repair them first");
        assertThat(OfferedActions.refusal(AdminAction.FALLBACK, "n1", FAILED_OVER, Reason.CRITICAL_SERVICES_DOWN,
                true, false, null)).as("Failed Over is healthy by definition; health is checked in S14 only").isEmpty();
    }

    @Test
    void recoveryFromFailedModeOrUnknownOnly() {
        for (NodeState s : NodeState.values()) {
            Optional<String> r = OfferedActions.refusal(AdminAction.RECOVERY, "n1", s, Reason.UNKNOWN, true, true, null);
            assertThat(r.isEmpty()).as(s.name()).isEqualTo(s == RUNNING_IN_FAILED_MODE || s == UNKNOWN);
        }
        assertThat(OfferedActions.refusal(AdminAction.RECOVERY, "n1", IDLE, Reason.ON_ADMIN_REQUEST, true, true, null))
                .contains("Recovery is not offered: n1 is Idle (On Admin Request); recovery is offered only in"
                        + " Running in Failed Mode or Unknown");
    }
}
