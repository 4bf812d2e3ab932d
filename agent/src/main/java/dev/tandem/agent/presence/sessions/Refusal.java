package dev.tandem.agent.presence.sessions;

/** Why a client request is refused; the client port maps it to a gRPC status code. */
public enum Refusal {
    INVALID_ARGUMENT,
    NOT_FOUND,
    FAILED_PRECONDITION,
    RESOURCE_EXHAUSTED,
    /** Not now: the node's critical services are stopped; try again later. */
    UNAVAILABLE,
    /** Unknown user or wrong secret (one answer for both). */
    UNAUTHENTICATED,
    /** This connection was replaced by a newer ACTIVE login of the same user. */
    ABORTED
}
