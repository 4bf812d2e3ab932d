package dev.tandem.agent.security.input;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Checks for caller-supplied strings. A failed check throws INVALID_ARGUMENT whose message
 * names the field and quotes at most {@link MessageLimits#QUOTE_CHARS} characters of the
 * input (a message repeating a megabyte of input would not fit the HTTP/2 trailers).
 */
public final class Inputs {
    /** Node names: as node.name in the configuration. */
    public static final Pattern NODE_NAME = dev.tandem.contract.Identifiers.NODE_NAME;
    /** User ids: as the user store's rule. */
    public static final Pattern USER_ID = dev.tandem.contract.Identifiers.USER_ID;

    private Inputs() {
    }

    /** {@code value} quoted for an error message: at most a short prefix, with the full length when cut. */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        return dev.tandem.contract.Identifiers.quote(value);
    }

    /** Cuts {@code s} to {@code max} characters (for stored rows: never longer than the bound). */
    public static String clip(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        return s.substring(0, Math.max(0, max - 1)) + "…";
    }

    public static StatusRuntimeException invalid(String field, String problem) {
        return Status.INVALID_ARGUMENT.withDescription(field + ": " + problem).asRuntimeException();
    }

    /** A free text of at most {@code max} characters, no control characters. */
    public static String text(String field, String value, int max) {
        if (value.length() > max) {
            throw invalid(field, quote(value) + " is longer than " + max + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw invalid(field, quote(value) + " contains a control character at position " + (i + 1));
            }
        }
        return value;
    }

    /** An optional label (e.g. the actor): empty is allowed. */
    public static String label(String field, String value) {
        return text(field, value, MessageLimits.LABEL_CHARS);
    }

    public static String nodeName(String field, String value) {
        return matching(field, value, NODE_NAME, "a node name: " + dev.tandem.contract.Identifiers.NODE_NAME_RULE);
    }

    public static String userId(String field, String value) {
        return matching(field, value, USER_ID, "a user id: " + dev.tandem.contract.Identifiers.USER_ID_RULE);
    }

    /** Every element a well-formed user id, and at most {@code maxCount} of them. */
    public static void userIds(String field, Collection<String> values, int maxCount) {
        if (values.size() > maxCount) {
            throw invalid(field, values.size() + " entries; at most " + maxCount + " per request");
        }
        int i = 0;
        for (String v : values) {
            userId(field + "[" + i++ + "]", v);
        }
    }

    private static String matching(String field, String value, Pattern p, String what) {
        if (value.isEmpty()) {
            throw invalid(field, "required");
        }
        // the length check first: no regex over a megabyte
        if (value.length() > MessageLimits.NAME_CHARS || !p.matcher(value).matches()) {
            throw invalid(field, quote(value) + " is not " + what);
        }
        return value;
    }
}
