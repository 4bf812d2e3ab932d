package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;

import java.util.OptionalLong;

/**
 * Fallback, home side: Taking Back starts the critical services if needed, waits until the
 * backup let the users go, then takes them back once (§6). Also the automatic fallback's
 * clock: a failed-over node healthy for the whole delay takes its users back on its own.
 */
final class TakeBack {
    private final NodeSetup setup;
    private final NodeMachine machine;
    private final OwnHealth health;
    private final UserHoldings holdings;
    private final PeerLink link;
    private final MaintenanceHold hold;
    private final FlapGuard flap;
    /**
     * Whether this Taking Back has asked for its TAKE_BACK move (it is asked once). Every way
     * into Taking Back goes through {@link #begin}, which resets it; outside Taking Back it is not read.
     */
    private boolean moveAsked;
    /** Since when the automatic fallback's conditions hold, if they do. */
    private OptionalLong dueSince = OptionalLong.empty();

    TakeBack(NodeSetup setup, NodeMachine machine, OwnHealth health, UserHoldings holdings, PeerLink link,
             MaintenanceHold hold, FlapGuard flap) {
        this.flap = flap;
        this.hold = hold;
        this.setup = setup;
        this.machine = machine;
        this.health = health;
        this.holdings = holdings;
        this.link = link;
    }

    /** Just entered Taking Back: start the services if needed, then take back when ready. */
    void begin() {
        moveAsked = false;
        if (health.needsStart()) {
            health.starting(true);
            machine.command(new SrmCommand.StartCriticalServices());
        }
        whenReady();
    }

    /** The home node takes its users back once its services run and the backup let them go. */
    void whenReady() {
        if (machine.state() != TAKING_BACK || moveAsked || health.starting() || !health.healthy()) {
            return;
        }
        PeerStatus p = link.peer();
        // an initializing peer may be about to take these users over: wait until it settles
        boolean released = p == null || p.state() == FALLING_BACK || p.state() == NORMAL
                || UserHoldings.GAVE_AWAY.contains(p.state());
        if (released) {
            moveAsked = true;
            holdings.move(MoveKind.TAKE_BACK);
        }
    }

    /** Automatic fallback (§4): runs the clock while it is due, and starts it when the delay is over. */
    void automatic() {
        PeerStatus p = link.peer();
        NodeState state = machine.state();
        long now = machine.now();
        boolean due = setup.params().automaticFallbackEnabled() && health.healthy() && p != null
                && ((state == FAILED_OVER && p.state() == RUNNING_IN_BACKUP_MODE)
                || (state == FAILOVER_AFFECTED_SERVICES && p.state() == BACKUP_ACTIVATED));
        if (!due) {
            dueSince = OptionalLong.empty();
            return;
        }
        if (dueSince.isEmpty()) {
            dueSince = OptionalLong.of(now);
        }
        long delay = setup.params().automaticFallbackDelayMs();
        String dueSentence = "healthy for " + delay / 60_000.0 + " min, automatic fallback is due";
        if (now - dueSince.getAsLong() >= delay && !hold.holds(dueSentence) && !flap.holds(dueSentence, now)) {
            dueSince = OptionalLong.empty();
            machine.transition(TAKING_BACK, Reason.AUTOMATIC_FALLBACK, "AutomaticFallback",
                    setup.node() + " has been healthy for " + delay / 60_000.0
                            + " min; taking its users back automatically");
            begin();
        }
    }

    /** When the automatic fallback is due, if its clock runs. */
    OptionalLong automaticDueMs() {
        return dueSince.isPresent()
                ? OptionalLong.of(dueSince.getAsLong() + setup.params().automaticFallbackDelayMs())
                : OptionalLong.empty();
    }
}
