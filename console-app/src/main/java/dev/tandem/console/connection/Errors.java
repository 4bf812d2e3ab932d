package dev.tandem.console.connection;

import io.grpc.Status;
import java.util.concurrent.CompletionException;

/** The agent's answer in words: "FAILED_PRECONDITION: node-a is Idle ...". */
public final class Errors {
    private Errors() {}

    public static String describe(Throwable t) {
        Throwable cause = t;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        Status s = Status.fromThrowable(cause);
        if (s.getCode() == Status.Code.UNKNOWN && s.getDescription() == null) {
            return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
        String text = s.getCode().name();
        if (s.getDescription() != null && !s.getDescription().isBlank()) {
            text += ": " + s.getDescription();
        }
        if (s.getCause() != null && s.getCause().getMessage() != null) {
            text += " (" + s.getCause().getMessage() + ")";
        }
        return text;
    }

    /** Worth retrying: the agent may come back. Anything else needs a person. */
    public static boolean retryable(Throwable t) {
        return switch (Status.fromThrowable(t).getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, ABORTED, RESOURCE_EXHAUSTED, INTERNAL, UNKNOWN -> true;
            default -> false;
        };
    }
}
