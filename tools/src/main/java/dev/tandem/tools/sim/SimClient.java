package dev.tandem.tools.sim;

import dev.tandem.agent.presence.NodeEndpoint;
import dev.tandem.agent.presence.ReloginLimits;
import dev.tandem.proto.presence.v1.ClientMessage;
import dev.tandem.proto.presence.v1.ConnectionMode;
import dev.tandem.proto.presence.v1.NodeRef;
import dev.tandem.proto.presence.v1.PresenceStatus;
import dev.tandem.proto.presence.v1.Publish;
import dev.tandem.proto.presence.v1.Redirect;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One simulated presence client. It logs in ACTIVE (following redirects), opens an inactive
 * connection to the other node after that node's random re-login wait when dual connections
 * are on, switches to it when promoted, and otherwise re-logs in after the target node's
 * random wait when it loses its active connection.
 */
final class SimClient {
    /**
     * At least this long a client waits for its standby connection to be promoted. A backup
     * promotes only after its SRM notices the loss (the heartbeat timeout) and takes over, so
     * a shorter wait throws the standby away just before it pays off; a standby node that is
     * dead or stopped closes the connection itself, which ends the wait at once.
     */
    static final Duration PROMOTION_GRACE = Duration.ofSeconds(30);
    private final SimulatedClients sim;
    final String userId;
    private SimStream active;
    private SimStream inactive;
    private boolean standbyReady;
    private boolean served;
    private boolean outageOpen;
    private long downSince;
    private boolean stopped;

    String secret() {
        return sim.secret();
    }

    SimClient(SimulatedClients sim, String userId) {
        this.sim = sim;
        this.userId = userId;
    }

    synchronized void loginActive(NodeEndpoint node) {
        if (stopped || active != null) {
            return;
        }
        active = sim.open(this, node, ConnectionMode.ACTIVE);
        active.login(userId);
    }

    private synchronized void openInactive(NodeEndpoint node) {
        if (stopped || inactive != null || active == null || active.node.name().equals(node.name())) {
            return;
        }
        inactive = sim.open(this, node, ConnectionMode.INACTIVE);
        inactive.login(userId);
    }

    synchronized void onAccepted(SimStream s) {
        if (s == active) {
            sim.loginAccepted();
            becomeServed(false);
            scheduleStandby();
        } else if (s == inactive) {
            standbyReady = true;
            sim.standbyChanged(+1);
        }
    }

    synchronized void onRedirect(SimStream s, Redirect r) {
        if (s == inactive) {
            dropStandby();
            if (active == null && !served && !stopped) {
                scheduleLogin(sim.endpointOf(r.getNode()), limitsOf(r.getNode()));
            }
            return;
        }
        if (s != active) {
            return;
        }
        active = null;
        NodeEndpoint target = sim.endpointOf(r.getNode());
        if (!r.getMoved()) {
            sim.redirected();
            loginActive(target); // wrong node at login: go to the right one at once
            return;
        }
        if (r.getPromotedThere() && standbyReady && inactive != null
                && inactive.node.name().equals(r.getNode().getName())) {
            // the new node promoted the standby before this redirect was written (presence.proto):
            // it is the active connection now; its Promoted message, when it comes, changes nothing
            active = inactive;
            inactive = null;
            standbyReady = false;
            sim.standbyChanged(-1);
            becomeServed(true);
            scheduleStandby();
            return;
        }
        loseService();
        if (!standbyReady) {
            scheduleLogin(target, limitsOf(r.getNode()));
        } else {
            awaitPromotion(); // the inactive connection is promoted when the target takes the user over
        }
    }

    synchronized void onPromoted(SimStream s) {
        if (s != inactive) {
            return;
        }
        SimStream old = active;
        active = inactive;
        inactive = null;
        standbyReady = false;
        sim.standbyChanged(-1);
        if (old != null) {
            old.cancel("switched to the promoted connection"); // switched before losing service
        }
        becomeServed(old != null);
        scheduleStandby();
    }

    synchronized void onClosed(SimStream s, Status status) {
        if (s == inactive) {
            dropStandby();
            if (active == null && !served && !stopped) {
                // it was waiting for this connection's promotion: log in again instead
                scheduleLogin(s.node, s.node.relogin());
            } else if (status.getCode() == Status.Code.UNAVAILABLE) {
                scheduleStandby();
            } // FAILED_PRECONDITION: dual connections not offered, or already served there
            return;
        }
        if (s != active) {
            return;
        }
        active = null;
        loseService();
        if (stopped) {
            return;
        }
        if (standbyReady) {
            awaitPromotion();
            return;
        }
        if (status.getCode() == Status.Code.NOT_FOUND || status.getCode() == Status.Code.INVALID_ARGUMENT) {
            sim.failed(userId + ": " + status);
            return;
        }
        NodeEndpoint other = sim.otherNode(s.node);
        scheduleLogin(other, other.relogin());
    }

    synchronized void publish() {
        if (served && active != null) {
            PresenceStatus[] all = {PresenceStatus.AVAILABLE, PresenceStatus.AWAY, PresenceStatus.BUSY};
            active.trySend(ClientMessage.newBuilder().setPublish(Publish.newBuilder()
                    .setStatus(all[ThreadLocalRandom.current().nextInt(all.length)]).setNote("sim")).build());
        }
    }

    /** One word for diagnostics: where this client stands. */
    synchronized String state() {
        return (served ? "served" : "unserved") + (active == null ? "" : "+active@" + active.node.name())
                + (inactive == null ? "" : (standbyReady ? "+standby@" : "+opening-standby@") + inactive.node.name());
    }

    synchronized boolean isServed() {
        return served;
    }

    synchronized void stop() {
        stopped = true;
        if (active != null) {
            active.cancel("simulation stopped");
        }
        if (inactive != null) {
            inactive.cancel("simulation stopped");
        }
    }

    private void becomeServed(boolean switchedBeforeLoss) {
        if (served) {
            if (switchedBeforeLoss) {
                sim.recorder().outageEnded(0, false);
                sim.servedChanged(0);
            }
            return;
        }
        served = true;
        if (outageOpen) {
            outageOpen = false;
            sim.recorder().outageEnded(downSince, true);
        }
        sim.servedChanged(+1); // after recording, so waiters see the finished outage
    }

    private void loseService() {
        if (!served) {
            return;
        }
        served = false;
        sim.servedChanged(-1);
        if (!stopped) {
            outageOpen = true;
            downSince = System.nanoTime();
            sim.recorder().outageStarted();
        }
    }

    /**
     * Waits for the standby connection to be promoted, but not forever: a backup that never
     * takes the user over (it is Idle, or failed too) is left for a plain re-login.
     */
    private void awaitPromotion() {
        SimStream standby = inactive;
        ReloginLimits limits = standby.node.relogin().scaled(sim.config().timeScale());
        Duration grace = limits.upper().multipliedBy(10);
        sim.schedule(() -> giveUpOnStandby(standby), grace.compareTo(PROMOTION_GRACE) < 0 ? PROMOTION_GRACE : grace);
    }

    private synchronized void giveUpOnStandby(SimStream standby) {
        if (stopped || served || active != null || inactive != standby) {
            return;
        }
        dropStandby();
        standby.cancel("not promoted in time; logging in again");
        loginActive(standby.node);
    }

    private void dropStandby() {
        inactive = null;
        if (standbyReady) {
            standbyReady = false;
            sim.standbyChanged(-1);
        }
    }

    private void scheduleStandby() {
        if (!sim.config().dualConnections() || active == null || inactive != null) {
            return;
        }
        NodeEndpoint other = sim.otherNode(active.node);
        sim.schedule(() -> openInactive(other), wait(other.relogin()));
    }

    private void scheduleLogin(NodeEndpoint node, ReloginLimits limits) {
        sim.schedule(() -> loginActive(node), wait(limits));
    }

    private Duration wait(ReloginLimits limits) {
        return limits.scaled(sim.config().timeScale()).randomWait();
    }

    private ReloginLimits limitsOf(NodeRef ref) {
        return ReloginLimits.ofMillis(ref.getReloginLowerMs(), ref.getReloginUpperMs());
    }
}
