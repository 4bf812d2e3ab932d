package dev.tandem.console.commands;

import io.grpc.Status;
import java.util.concurrent.CompletionException;

/** The outcome column in the words tandemctl prints for the same answer (its exit codes), never a gRPC code name. */
public final class Outcomes {
    private Outcomes() {
    }

    public static String of(Throwable t) {
        Throwable c = t;
        while (c instanceof CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        Status s = Status.fromThrowable(c);
        String why = s.getDescription() == null || s.getDescription().isBlank() ? "" : ": " + s.getDescription();
        return switch (s.getCode()) {
            case FAILED_PRECONDITION -> "refused" + why;
            case INVALID_ARGUMENT -> "invalid" + why;
            case NOT_FOUND -> "not found" + why;
            case UNAUTHENTICATED, PERMISSION_DENIED -> "not allowed" + why;
            case UNAVAILABLE, DEADLINE_EXCEEDED -> "agent unreachable" + why;
            default -> "error" + (why.isEmpty() ? ": " + c.getClass().getSimpleName() : why);
        };
    }
}
