package dev.tandem.agent.presence;

import dev.tandem.agent.srm.MoveKind;

/**
 * User moves the agent runs when the SRM commands them (from a worker thread). {@link #move}
 * is the one entry point: each move, TAKE_ALL and GIVE_ALL included, is one database
 * transaction, so either every user concerned moves or none does.
 */
public interface UserMoves {
    /** Runs {@code kind} as seen from this node, in one transaction. */
    MoveReport move(MoveKind kind) throws MoveFailedException;

    // Named shorthands for the simulator, benchmarks and tests; the agent calls move(kind).

    default MoveReport takeOverPeerUsers() throws MoveFailedException {
        return move(MoveKind.TAKE_OVER);
    }

    default MoveReport handOverOwnUsers() throws MoveFailedException {
        return move(MoveKind.HAND_OVER);
    }

    default MoveReport takeBackOwnUsers() throws MoveFailedException {
        return move(MoveKind.TAKE_BACK);
    }

    default MoveReport giveBackPeerUsers() throws MoveFailedException {
        return move(MoveKind.GIVE_BACK);
    }

    default MoveReport resetToHome() throws MoveFailedException {
        return move(MoveKind.RESET_TO_HOME);
    }
}
