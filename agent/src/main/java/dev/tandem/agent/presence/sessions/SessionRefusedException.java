package dev.tandem.agent.presence.sessions;

/** A client request the session manager refuses; nothing was changed. */
public class SessionRefusedException extends RuntimeException {
    private final Refusal refusal;

    public SessionRefusedException(Refusal refusal, String message) {
        super(message);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
