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
    public static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    /** User ids: as the user store's rule. */
    public static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");

    private Inputs() {
    }

    /** {@code value} quoted for an error message: at most a short prefix, with the full length when cut. */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        if (value.length() <= MessageLimits.QUOTE_CHARS) {
            return "'" + printable(value) + "'";
        }
        return "'" + printable(value.substring(0, MessageLimits.QUOTE_CHARS)) + "…' (" + value.length() + " characters)";
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.append(Character.isISOControl(c) ? '?' : Character.toString(c)));
        return b.toString();
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
        return matching(field, value, NODE_NAME, "a node name: 1..128 of letters, digits, '.', '_' or '-'");
    }

    public static String userId(String field, String value) {
        return matching(field, value, USER_ID, "a user id: 1..128 of letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
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
