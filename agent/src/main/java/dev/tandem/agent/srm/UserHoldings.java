package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;

import dev.tandem.agent.srm.SrmCommand.MoveUsers;
import java.util.EnumSet;
import java.util.Set;

/**
 * Whose users this node serves, as far as its own moves say, and the moves that change it.
 * Told to the peer in every status, so a failed or recovering peer knows what to let go.
 */
final class UserHoldings {
    /** States in which a node serves its peer's users. */
    static final Set<NodeState> HOLDS_PEER = EnumSet.of(RUNNING_IN_BACKUP_MODE, TAKING_OVER, BACKUP_ACTIVATED);
    /** States in which a node has given its own users away. */
    static final Set<NodeState> GAVE_AWAY = EnumSet.of(IDLE, FAILED_OVER, FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING,
            FAILING_OVER, FAILOVER_AFFECTED_SERVICES);

    /** Which users a node serves: its own, its peer's. */
    private record Held(boolean own, boolean peer) {
    }

    private final NodeMachine machine;
    private Held held = new Held(true, false);
    /** What was held before the last acquiring move: a failed move's transaction rolls back to it. */
    private Held beforeAcquire = held;

    UserHoldings(NodeMachine machine) {
        this.machine = machine;
    }

    /** What the durable user store says at start. */
    void reset(boolean own, boolean peer) {
        held = new Held(own, peer);
    }

    boolean own() {
        return held.own();
    }

    boolean peer() {
        return held.peer();
    }

    /** Asks for the move and counts on its result (a failed acquiring move is {@link #rolledBack}). */
    void move(MoveKind k) {
        machine.command(new MoveUsers(k));
        if (k.acquires()) {
            beforeAcquire = held;
        }
        held = switch (k) {
            case TAKE_OVER -> new Held(held.own(), true);
            case TAKE_ALL -> new Held(true, true);
            case GIVE_BACK -> new Held(held.own(), false);
            case GIVE_ALL -> new Held(false, false);
            case RESET_TO_HOME -> new Held(true, false);
            case TAKE_BACK -> new Held(true, held.peer());
            case HAND_OVER -> new Held(false, held.peer());
        };
    }

    /** The acquiring move's transaction rolled back: the node serves what it served before it. */
    void rolledBack(MoveKind k) {
        if (k.acquires()) {
            held = beforeAcquire;
        }
    }

    /** Whether this node already serves what the move would leave it serving. */
    boolean alreadyTrue(MoveKind k) {
        return switch (k) {
            case TAKE_OVER -> held.peer();
            case HAND_OVER -> !held.own();
            case TAKE_BACK -> held.own();
            case GIVE_BACK -> !held.peer();
            case TAKE_ALL -> held.own() && held.peer();
            case GIVE_ALL -> !held.own() && !held.peer();
            case RESET_TO_HOME -> held.own() && !held.peer();
        };
    }

    /**
     * What a node that cannot tell the group's state (failed, Unknown, recovering) must let go
     * of so no user is served twice: everything when the peer serves this node's users, the
     * peer's users when the peer serves its own, else nothing (null).
     */
    MoveKind releaseFor(PeerStatus p) {
        if (p == null) {
            return held.peer() ? MoveKind.GIVE_BACK : null;
        }
        if (p.servesPeerUsers() || HOLDS_PEER.contains(p.state())) {
            return MoveKind.GIVE_ALL;
        }
        boolean peerServesOwn = !GAVE_AWAY.contains(p.state()) && p.state() != INITIALIZING;
        return peerServesOwn && held.peer() ? MoveKind.GIVE_BACK : null;
    }
}
