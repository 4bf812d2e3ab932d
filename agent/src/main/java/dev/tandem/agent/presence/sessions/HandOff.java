package dev.tandem.agent.presence.sessions;

/**
 * When the node that moved users away may redirect their clients. Make before break (issue 12):
 * the peer promotes the standby connections as it applies the replicated move, so the old node
 * redirects only once the peer has applied it; a client with a standby connection then has its
 * Promoted before its Redirect and no outage at all.
 */
@FunctionalInterface
public interface HandOff {
    /**
     * Runs {@code redirect} once the peer has applied the move just committed here (with true), or
     * after a bound (with false: the peer did not confirm).
     */
    void afterPeerApplied(java.util.function.Consumer<Boolean> redirect);

    /** No peer to wait for: redirect at once, unconfirmed (the emulated pair, tests). */
    HandOff AT_ONCE = redirect -> redirect.accept(false);
}
