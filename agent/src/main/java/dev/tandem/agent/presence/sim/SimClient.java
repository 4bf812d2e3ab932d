package dev.tandem.agent.presence.sim;

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
    private final SimulatedClients sim;
    final String userId;
    private SimStream active;
    private SimStream inactive;
    private boolean standbyReady;
    private boolean served;
    private boolean outageOpen;
    private long downSince;
    private boolean stopped;

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
        loseService();
        if (!standbyReady) {
            scheduleLogin(target, limitsOf(r.getNode()));
        } // else: the inactive connection will be promoted when the target takes the user over
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
            if (status.getCode() == Status.Code.UNAVAILABLE) {
                scheduleStandby();
            } // FAILED_PRECONDITION: dual connections not offered, or already served there
            return;
        }
        if (s != active) {
            return;
        }
        active = null;
        loseService();
        if (standbyReady || stopped) {
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
