package dev.tandem.contract;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a node name and a presence user id may look like: one rule each for the agent's
 * configuration, its admin API, the peer link, the user store, tandemctl and the console.
 * Sentences quote at most {@link #QUOTE_CHARS} characters of the input (a megabyte of input
 * must not come back in an error).
 */
public final class Identifiers {
    /** Longest node name or user id, in characters. */
    public static final int MAX_LENGTH = 128;
    /** How much of a refused input a sentence quotes. */
    public static final int QUOTE_CHARS = 32;
    /** Node names: letters, digits, '.', '_' and '-'. */
    public static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    /** User ids: letters, digits, '.', '_', '@' and '-', starting with a letter or digit. */
    public static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");
    public static final String NODE_NAME_RULE = "1..128 of letters, digits, '.', '_' or '-'";
    public static final String USER_ID_RULE = "1..128 of letters, digits, '.', '_', '@' or '-', starting with a letter or digit";

    private Identifiers() {
    }

    public static boolean isNodeName(String s) {
        return s != null && s.length() <= MAX_LENGTH && NODE_NAME.matcher(s).matches();
    }

    public static boolean isUserId(String s) {
        return s != null && s.length() <= MAX_LENGTH && USER_ID.matcher(s).matches();
    }

    /** Why {@code s} is not a node name, or empty. */
    public static Optional<String> nodeNameProblem(String s) {
        if (s == null || s.isEmpty()) {
            return Optional.of("a node name is required");
        }
        return isNodeName(s) ? Optional.empty() : Optional.of(quote(s) + " is not a node name: " + NODE_NAME_RULE);
    }

    /** Why {@code s} is not a user id, or empty. */
    public static Optional<String> userIdProblem(String s) {
        if (s == null || s.isEmpty()) {
            return Optional.of("a user id is required");
        }
        return isUserId(s) ? Optional.empty() : Optional.of(quote(s) + " is not a user id: " + USER_ID_RULE);
    }

    /** {@code s} quoted for a sentence: at most a short prefix, with the full length when cut; control characters as '?'. */
    public static String quote(String s) {
        if (s == null) {
            return "null";
        }
        String shown = s.length() <= QUOTE_CHARS ? s : s.substring(0, QUOTE_CHARS);
        StringBuilder b = new StringBuilder(shown.length() + 2).append('\'');
        shown.codePoints().forEach(c -> b.append(Character.isISOControl(c) ? "?" : Character.toString(c)));
        b.append('\'');
        return s.length() <= QUOTE_CHARS ? b.toString() : b.insert(b.length() - 1, '…') + " (" + s.length() + " characters)";
    }
}
