package dev.tandem.agent.presence;

import dev.tandem.agent.srm.MoveKind;

/** A move could not be recorded; nothing was moved (the transaction rolled back).
 * The SRM maps it to Take Over Users Failed / Take Back Users Failed. */
public class MoveFailedException extends Exception {
    private final MoveKind kind;

    public MoveFailedException(MoveKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public MoveKind kind() {
        return kind;
    }
}
