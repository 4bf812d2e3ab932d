package dev.tandem.console.commands;

import io.grpc.Status;
import java.util.concurrent.CompletionException;

/** The outcome column in the words tandemctl prints for the same answer (its exit codes), never a gRPC code name. */
public final class Outcomes {
    private Outcomes() {
    }

    /** What an answer says, briefly: accepted or refused with the agent's message, or the new state. */
    public static String ofReply(Object reply) {
        if (reply instanceof dev.tandem.proto.admin.v1.ActionReply r) {
            return (r.getAccepted() ? "accepted" : "refused") + (r.getMessage().isBlank() ? "" : ": " + r.getMessage());
        }
        if (reply instanceof dev.tandem.proto.admin.v1.UsersReply r) {
            return "done: " + r.getChanged() + " changed; the group has " + String.format("%,d", r.getTotal()) + " users";
        }
        if (reply instanceof dev.tandem.proto.admin.v1.CriticalServiceStatus r) {
            return "done: " + r.getService() + " on " + r.getNode() + " is " + (r.getRunning() ? "running" : "stopped");
        }
        if (reply instanceof dev.tandem.proto.admin.v1.DatabaseStatus r) {
            return "done: the database is " + (r.getUp() ? "up" : "down");
        }
        if (reply instanceof dev.tandem.proto.admin.v1.Alert r) {
            return "done: acknowledged";
        }
        return "done: saved";
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
