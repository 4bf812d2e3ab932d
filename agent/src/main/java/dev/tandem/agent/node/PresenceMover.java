package dev.tandem.agent.node;

import dev.tandem.agent.presence.MoveReport;
import dev.tandem.agent.presence.UserMoves;

/**
 * The SRM's moves run on the presence node: each is one transaction of the presence user
 * store plus the session changes that follow it; a failure moves nobody and is thrown (the
 * SRM then reports Take Over / Take Back Users Failed). An optional delay before each move
 * makes the transitional rows (M2, M4) last long enough to be watched.
 */
public final class PresenceMover implements UserMover {
    private final UserMoves moves;
    private final long delayMs;

    public PresenceMover(UserMoves moves, long delayMs) {
        this.moves = moves;
        this.delayMs = delayMs;
    }

    private void pause() throws InterruptedException {
        if (delayMs > 0) {
            Thread.sleep(delayMs); // the configured users.move-delay, not a wait for a condition
        }
    }

    @Override
    public int takeOverPeerUsers() throws Exception {
        pause();
        return moved(moves.takeOverPeerUsers());
    }

    @Override
    public int handOverOwnUsers() throws Exception {
        pause();
        return moved(moves.handOverOwnUsers());
    }

    @Override
    public int takeBackOwnUsers() throws Exception {
        pause();
        return moved(moves.takeBackOwnUsers());
    }

    @Override
    public int giveBackPeerUsers() throws Exception {
        pause();
        return moved(moves.giveBackPeerUsers());
    }

    @Override
    public int resetToHome() throws Exception {
        pause();
        return moved(moves.resetToHome());
    }

    private static int moved(MoveReport r) {
        return r.usersMoved();
    }
}
