package dev.tandem.agent.srm;

import java.util.OptionalLong;

/**
 * When the SRM next needs the time to pass (a {@link SrmEvent.TimeAdvanced} then): the next
 * heartbeat to send, the peer's timeout, a critical service's delay, the automatic fallback.
 */
final class Deadlines {
    private final NodeSetup setup;
    private final NodeMachine machine;
    private final PeerLink link;
    private final OwnHealth health;
    private final StatusSender sender;
    private final TakeBack takeBack;
    private final Lifecycle lifecycle;

    Deadlines(NodeSetup setup, NodeMachine machine, PeerLink link, OwnHealth health, StatusSender sender,
              TakeBack takeBack, Lifecycle lifecycle) {
        this.setup = setup;
        this.machine = machine;
        this.link = link;
        this.health = health;
        this.sender = sender;
        this.takeBack = takeBack;
        this.lifecycle = lifecycle;
    }

    /** The earliest future deadline, or Long.MAX_VALUE when none (or before the start). */
    long next() {
        if (!lifecycle.started()) {
            return Long.MAX_VALUE;
        }
        NodeState state = machine.state();
        // everything due at or before now was handled by the last call: only future times count
        long d = after(Long.MAX_VALUE, sender.nextHeartbeatMs());
        if (setup.watchesPeer(state) && !link.lost()) {
            d = after(d, link.deadlineMs(setup.timeoutInForceMs(state)));
        }
        if (setup.haEnabled() && !health.stoppedBySrm()) {
            for (long due : health.failureDueTimes()) {
                d = after(d, due);
            }
        }
        OptionalLong fallback = takeBack.automaticDueMs();
        if (fallback.isPresent()) {
            d = after(d, fallback.getAsLong());
        }
        return d;
    }

    private long after(long best, long candidate) {
        return candidate > machine.now() && candidate < best ? candidate : best;
    }
}
