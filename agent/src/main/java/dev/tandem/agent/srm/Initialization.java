package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;
import static dev.tandem.agent.srm.UserHoldings.GAVE_AWAY;
import static dev.tandem.agent.srm.UserHoldings.HOLDS_PEER;

/**
 * Where an initializing SRM goes: from the state it persisted before its restart and what
 * its peer reports (rows M5–M9, M18, M21), or alone when the peer never answered.
 * A resumed state carries the reason Initialization, as the guide's rows show.
 */
final class Initialization {

    /**
     * The state to enter, its reason, the sentence, and a move to start (or null). Moves are
     * idempotent and say the whole truth for the state entered (backup mode serves both
     * nodes' users), since what a node held before its restart may have changed meanwhile.
     */
    record Outcome(NodeState state, Reason reason, String sentence, MoveKind move) {
    }

    private Initialization() {
    }

    /**
     * @param resume the persisted state (null after a first start or a recovery's NORMAL)
     * @return null to keep waiting (the peer is itself between states)
     */
    static Outcome withPeer(String node, NodeState resume, boolean healthy, boolean stoppedBySrm, PeerStatus p) {
        NodeState mine = resume == null || resume == UNKNOWN ? NORMAL : resume;
        NodeState ps = p.state() == INITIALIZING
                ? (p.resumeState() == null || p.resumeState() == UNKNOWN ? NORMAL : p.resumeState()) : p.state();
        String seen = p.node() + " is " + p.state().label() + (p.state() == INITIALIZING && p.resumeState() != null
                ? " (resuming " + p.resumeState().label() + ")" : "");
        Reason init = Reason.INITIALIZATION;

        if (mine == RUNNING_IN_FAILED_MODE || ps == RUNNING_IN_FAILED_MODE) {
            // a failed peer may still hold this node's users: let them go rather than serve them twice
            return new Outcome(RUNNING_IN_FAILED_MODE, Reason.UNKNOWN, "SRM of " + node + " restarted while "
                    + (mine == RUNNING_IN_FAILED_MODE ? "the group was failed" : p.node() + " was failed")
                    + "; the group's state cannot be told: recovery needed",
                    p.servesPeerUsers() || HOLDS_PEER.contains(ps) ? MoveKind.GIVE_ALL : MoveKind.GIVE_BACK);
        }
        if (ps == UNKNOWN) {
            return null;
        }
        switch (mine) {
            case NORMAL -> {
                if (ps == NORMAL) {
                    // serve exactly its own users (after a recovery or a misconfiguration they moved)
                    return new Outcome(NORMAL, Reason.NORMAL, seen + "; " + node + " serves its own users",
                            MoveKind.RESET_TO_HOME);
                }
                if (HOLDS_PEER.contains(ps)) {
                    return failedOver(node, healthy, seen + " and serves the users of " + node);
                }
                if (GAVE_AWAY.contains(ps)) {
                    return new Outcome(TAKING_OVER, init, seen + "; " + node + " takes over its users", MoveKind.TAKE_ALL);
                }
                if (ps == TAKING_BACK) {
                    return new Outcome(FALLING_BACK, init, seen + "; " + node + " hands its users back", MoveKind.GIVE_BACK);
                }
                if (ps == FALLING_BACK) {
                    return new Outcome(TAKING_BACK, init, seen + "; " + node + " takes its users back", null);
                }
            }
            case IDLE, FAILED_OVER, FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING -> {
                if (HOLDS_PEER.contains(ps)) {
                    if (mine == IDLE) {
                        return new Outcome(IDLE, init, seen + "; " + node
                                + " stays idle with its critical services stopped until a fallback", MoveKind.GIVE_ALL);
                    }
                    return failedOver(node, healthy, seen);
                }
                if (ps == NORMAL && p.state() == INITIALIZING) {
                    // both restarting: the peer (resuming Normal) takes these users over, as it decides
                    // from this node's resume state; taking them back here would contradict it
                    return mine == IDLE
                            ? new Outcome(IDLE, init, seen + "; " + node + " stays idle until a fallback", MoveKind.GIVE_ALL)
                            : failedOver(node, healthy, seen);
                }
                if (ps == NORMAL || ps == FALLING_BACK) {
                    return new Outcome(TAKING_BACK, init, seen + " and does not serve the users of " + node
                            + "; " + node + " takes them back", null);
                }
            }
            case FAILING_OVER -> {
                if (ps == TAKING_OVER) {
                    return new Outcome(FAILING_OVER, init, seen + "; " + node + " goes on handing its users over",
                            MoveKind.GIVE_ALL);
                }
                if (HOLDS_PEER.contains(ps)) {
                    if (stoppedBySrm) {
                        return new Outcome(IDLE, init, seen + "; " + node + " is idle until a fallback", MoveKind.GIVE_ALL);
                    }
                    return failedOver(node, healthy, seen);
                }
                if (ps == NORMAL) {
                    // the peer (Normal, or resuming it) takes over on seeing this: finish the failover
                    return new Outcome(FAILING_OVER, init, seen + "; " + node + " goes on failing over",
                            MoveKind.GIVE_ALL);
                }
            }
            case RUNNING_IN_BACKUP_MODE, TAKING_OVER -> {
                if (ps == FAILING_OVER || (mine == TAKING_OVER && GAVE_AWAY.contains(ps))) {
                    return new Outcome(TAKING_OVER, init, seen + "; " + node + " goes on taking over its users",
                            MoveKind.TAKE_ALL);
                }
                if (GAVE_AWAY.contains(ps)) {
                    return new Outcome(RUNNING_IN_BACKUP_MODE, init, seen + "; " + node
                            + " resumes serving its users in backup mode", MoveKind.TAKE_ALL);
                }
                if (ps == TAKING_BACK) {
                    return new Outcome(FALLING_BACK, init, seen + "; " + node + " hands its users back", MoveKind.GIVE_BACK);
                }
                if (ps == NORMAL && p.state() == INITIALIZING) {
                    // both restarting: the peer sees this node's resume state and fails over to it
                    return new Outcome(RUNNING_IN_BACKUP_MODE, init, seen + "; " + node
                            + " resumes serving its users in backup mode", MoveKind.TAKE_ALL);
                }
            }
            case TAKING_BACK -> {
                if (ps == FALLING_BACK || ps == NORMAL || HOLDS_PEER.contains(ps)) {
                    return new Outcome(TAKING_BACK, init, seen + "; " + node + " goes on taking its users back", null);
                }
            }
            case FALLING_BACK -> {
                if (ps == TAKING_BACK) {
                    return new Outcome(FALLING_BACK, init, seen + "; " + node + " goes on handing users back",
                            MoveKind.GIVE_BACK);
                }
                if (GAVE_AWAY.contains(ps)) {
                    return new Outcome(RUNNING_IN_BACKUP_MODE, init, seen + "; " + node
                            + " resumes serving its users in backup mode", MoveKind.TAKE_ALL);
                }
            }
            case BACKUP_ACTIVATED -> {
                if (GAVE_AWAY.contains(ps)) {
                    return new Outcome(BACKUP_ACTIVATED, init, seen + "; " + node + " resumes serving every user",
                            MoveKind.TAKE_ALL);
                }
                if (ps == TAKING_BACK) {
                    return new Outcome(FALLING_BACK, init, seen + "; " + node + " hands its users back", MoveKind.GIVE_BACK);
                }
            }
            case FAILOVER_AFFECTED_SERVICES -> {
                if (ps == BACKUP_ACTIVATED) {
                    return new Outcome(FAILOVER_AFFECTED_SERVICES, init, seen + " and serves everyone; " + node
                            + " stays out of service until a fallback", MoveKind.GIVE_ALL);
                }
                if (ps == FALLING_BACK || ps == NORMAL) {
                    return new Outcome(TAKING_BACK, init, seen + "; " + node + " takes its users back", null);
                }
            }
            default -> { }
        }
        if (HOLDS_PEER.contains(ps)) {
            // whatever this node believed before, the peer serves its users now
            return failedOver(node, healthy, seen + " and serves the users of " + node);
        }
        // keep at most this node's own users, so nobody is served twice, until a recovery
        return new Outcome(RUNNING_IN_FAILED_MODE, Reason.UNKNOWN, "SRM of " + node + " resumed "
                + mine.label() + " but " + seen + "; the two cannot both be true: recovery needed", MoveKind.GIVE_BACK);
    }

    /**
     * The peer never answered within the initialization timeout, or announced its shutdown.
     * {@code withoutLease}: a witness is configured and this node does not hold the lease of its
     * peer's users, so the peer may be alive behind a partition: it serves only its own users
     * and takes the peer's later, from Normal, once it holds their lease (issue 10).
     * {@code storeBehind}: this node's user store is known to be behind its peer's and its resync
     * has not completed (issue 11): it takes nothing over and serves nobody (Failed Over, Store
     * Resync Pending, row X8) until it has taken its peer's store.
     */
    static Outcome alone(String node, NodeState resume, boolean healthy, boolean withoutLease, boolean storeBehind) {
        NodeState mine = resume == null || resume == UNKNOWN ? NORMAL : resume;
        Reason r = Reason.PEER_DOWN_DURING_INITIALIZATION;
        String why = "SRM of " + node + " never saw its peer while initializing";
        switch (mine) {
            case IDLE:
                return new Outcome(IDLE, r, why + "; it stays idle, as an administrator left it", MoveKind.GIVE_ALL);
            case FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING:
            case FAILING_OVER:
            case FAILOVER_AFFECTED_SERVICES:
            case RUNNING_IN_FAILED_MODE:
                return new Outcome(RUNNING_IN_FAILED_MODE, r, why + " and it cannot serve (" + mine.label()
                        + "): recovery needed", null);
            default:
                if (!healthy) {
                    return new Outcome(RUNNING_IN_FAILED_MODE, r, why + " and its own critical services or database"
                            + " are down: nobody can serve", null);
                }
                if (storeBehind) {
                    return new Outcome(FAILED_OVER, Reason.STORE_RESYNC_PENDING, why + " and its user store is"
                            + " not known to be complete (it started empty, a new node or a deleted database, or it is"
                            + " behind its peer's, and no resync completed): it serves nobody and takes none of its"
                            + " peer's users over until it has compared or taken its peer's store: start the peer's"
                            + " agent or repair the link", MoveKind.GIVE_ALL);
                }
                if (withoutLease) {
                    return new Outcome(NORMAL, r, why + " and does not hold the witness lease of its peer's users; "
                            + "it serves only its own users until it does", MoveKind.RESET_TO_HOME);
                }
                return new Outcome(TAKING_OVER, r, why + "; it takes every user", MoveKind.TAKE_ALL);
        }
    }

    /** The peer serves this node's users: a failed-over node serves nobody. */
    private static Outcome failedOver(String node, boolean healthy, String seen) {
        return healthy
                ? new Outcome(FAILED_OVER, Reason.INITIALIZATION, seen + "; " + node
                + " is failed over with its services up: fall back when ready", MoveKind.GIVE_ALL)
                : new Outcome(FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING, Reason.INITIALIZATION, seen + "; "
                + node + " is failed over and its critical services are not all running", MoveKind.GIVE_ALL);
    }
}
