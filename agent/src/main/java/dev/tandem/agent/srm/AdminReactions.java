package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;

import dev.tandem.agent.srm.SrmEvent.AdminRequest;

/**
 * The manual actions of §6, once {@link OfferedActions} has found them offered: failover,
 * fallback and recovery (also when the peer's SRM asks for it).
 */
final class AdminReactions {
    private final NodeSetup setup;
    private final NodeMachine machine;
    private final PeerLink link;
    private final OwnHealth health;
    private final UserHoldings holdings;
    private final TakeBack takeBack;
    private final Lifecycle lifecycle;
    private final FlapGuard flap;

    AdminReactions(NodeSetup setup, NodeMachine machine, PeerLink link, OwnHealth health, UserHoldings holdings,
                   TakeBack takeBack, Lifecycle lifecycle, FlapGuard flap) {
        this.flap = flap;
        this.setup = setup;
        this.machine = machine;
        this.link = link;
        this.health = health;
        this.holdings = holdings;
        this.takeBack = takeBack;
        this.lifecycle = lifecycle;
    }

    void handle(AdminRequest a) {
        String who = a.actor() == null || a.actor().isBlank() ? "an administrator" : a.actor();
        String node = setup.node();
        flap.operatorActed(); // a person is on it: anti-flapping counts afresh
        switch (a.action()) {
            case FAILOVER -> {
                String peer = link.peer().node();
                health.stoppedBySrm(true);
                machine.transition(FAILING_OVER, Reason.ON_ADMIN_REQUEST, "AdminRequest(Failover)",
                        who + " asked to fail over " + node + "; handing its users to " + peer
                                + "; its critical services stop once " + peer + " serves them");
                // make before break (issue 12): the services stop when the peer runs in backup mode
                // (PeerReactions), so the clients' active connections stay up until their standby is promoted
                holdings.move(MoveKind.HAND_OVER);
                machine.alert(AlertType.SRM_FAILOVER, "manual failover of " + node + " to " + peer + " started by " + who);
            }
            case FALLBACK -> {
                machine.transition(TAKING_BACK, Reason.ON_ADMIN_REQUEST, "AdminRequest(Fallback)",
                        who + " asked to fall back to " + node + "; it starts its critical services and takes its users back");
                takeBack.begin();
            }
            case RECOVERY -> lifecycle.recover(who + " asked for a recovery", true);
        }
    }

    /** The peer's SRM asks for a recovery: only a node that cannot tell the group's state joins in. */
    void peerAsksRecovery() {
        if (machine.state() == RUNNING_IN_FAILED_MODE || machine.state() == UNKNOWN) {
            flap.operatorActed(); // an operator asked the peer for the recovery
            lifecycle.recover("the peer asked for a recovery", false);
        }
    }
}
