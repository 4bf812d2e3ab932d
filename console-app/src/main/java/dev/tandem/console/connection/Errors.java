package dev.tandem.console.connection;

import io.grpc.Status;
import java.util.concurrent.CompletionException;

/**
 * Errors in words. {@link #explain} is what the operator reads: what failed, where, and what to
 * try, with the agent's own sentence when it refused; {@link #describe} is the raw detail
 * ("UNAVAILABLE: io exception (...)"), shown one click away.
 */
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

    /**
     * One sentence: "<what> failed: no agent answers at <where> (connection refused). Check that
     * the agent runs and that host and port are right; the console keeps retrying."
     */
    public static String explain(Throwable t, String what, String where) {
        Throwable cause = t;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        Status s = Status.fromThrowable(cause);
        String desc = s.getDescription() == null ? "" : s.getDescription();
        String raw = describe(cause).toLowerCase(java.util.Locale.ROOT);
        return switch (s.getCode()) {
            case UNAVAILABLE -> raw.contains("refused") || raw.contains("-111")
                    ? what + " failed: no agent answers at " + where + " (connection refused). Check that the agent"
                      + " runs and that host and port are right; the console keeps retrying."
                    : raw.contains("unresolved") || raw.contains("unknownhost")
                    ? what + " failed: the host of " + where + " is unknown. Check the address."
                    : what + " failed: the agent at " + where + " cannot be reached (" + shortCause(raw, desc)
                      + "). Check the network and that the agent runs; the console keeps retrying.";
            case DEADLINE_EXCEEDED -> what + " failed: the agent at " + where + " did not answer in time. It may be"
                    + " busy or the network slow; try again.";
            case FAILED_PRECONDITION -> what + " refused by the agent: " + desc;
            case INVALID_ARGUMENT -> what + " refused: the agent rejected the input: " + desc;
            case NOT_FOUND -> what + " failed: " + (desc.isBlank() ? "the agent at " + where + " does not know it" : desc);
            case PERMISSION_DENIED, UNAUTHENTICATED -> what + " refused: the agent at " + where
                    + " does not accept this console (" + desc + ").";
            case UNIMPLEMENTED -> what + " failed: the agent at " + where + " is an older version without this"
                    + " request. Upgrade the agent.";
            case CANCELLED -> what + " was cancelled (the console or the agent closed the call); try again.";
            default -> what + " failed at " + where + (desc.isBlank() ? "" : ": " + desc)
                    + ". Try again; the details say more.";
        };
    }

    private static String shortCause(String raw, String desc) {
        if (raw.contains("reset")) {
            return "connection reset";
        }
        if (raw.contains("timed out")) {
            return "connection timed out";
        }
        if (raw.contains("ended the stream")) {
            return "the agent ended the stream";
        }
        return desc.isBlank() ? "no connection" : desc.length() > 60 ? desc.substring(0, 60) + "…" : desc;
    }

    /** Worth retrying: the agent may come back. Anything else needs a person. */
    public static boolean retryable(Throwable t) {
        return switch (Status.fromThrowable(t).getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, ABORTED, RESOURCE_EXHAUSTED, INTERNAL, UNKNOWN -> true;
            default -> false;
        };
    }
}
