package dev.tandem.agent.presence.sessions;

/** Checks a login's credential before the session manager looks at anything else. */
@FunctionalInterface
public interface LoginGuard {
    /** @throws SessionRefusedException UNAUTHENTICATED when {@code secret} is not {@code userId}'s */
    void check(String userId, String secret);

    /** Everyone is whoever they claim (agents run with --insecure, and unit tests). */
    LoginGuard OPEN = (u, s) -> { };
}
