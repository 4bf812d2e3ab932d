package dev.tandem.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a presence redundancy group's name and description may hold (ha-behaviour.md §4), checked
 * the same way by the agent (configuration file, admin API) and the console's form. Two phrasings
 * of one rule: the agent's full sentences ({@link #nameProblems}) and the form's short hints
 * beside the field ({@link #name}).
 */
public final class GroupRules {
    /** Longest name or description, in characters. */
    public static final int MAX_LENGTH = 128;
    /** Characters a description must not contain. */
    public static final String FORBIDDEN_IN_DESCRIPTION = "\"%&\\<>";

    private GroupRules() {
    }

    /** True for the characters a group name may hold: ASCII letters, digits, '_' and '-'. */
    public static boolean allowedInName(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    /** Every rule the name breaks, one sentence each; empty when valid. */
    public static List<String> nameProblems(String name) {
        List<String> p = new ArrayList<>();
        if (name == null || name.isEmpty()) {
            p.add("the group name is empty");
            return p;
        }
        if (name.length() > MAX_LENGTH) {
            p.add("the group name has " + name.length() + " characters; at most " + MAX_LENGTH + " allowed");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!allowedInName(c)) {
                p.add("the group name contains '" + c + "' at position " + (i + 1)
                        + "; only letters, digits, '_' and '-' are allowed");
                break;
            }
        }
        return p;
    }

    /** Every rule the description breaks, one sentence each; empty when valid (no description is valid). */
    public static List<String> descriptionProblems(String d) {
        List<String> p = new ArrayList<>();
        if (d == null) {
            return p;
        }
        if (d.length() > MAX_LENGTH) {
            p.add("the description has " + d.length() + " characters; at most " + MAX_LENGTH + " allowed");
        }
        for (int i = 0; i < d.length(); i++) {
            if (FORBIDDEN_IN_DESCRIPTION.indexOf(d.charAt(i)) >= 0) {
                p.add("the description contains '" + d.charAt(i) + "' at position " + (i + 1)
                        + "; none of \" % & \\ < > is allowed");
                break;
            }
        }
        return p;
    }

    /** The form's hint for a name: empty when valid, else the message to show beside the field. */
    public static Optional<String> name(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("A group name is required.");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("At most " + MAX_LENGTH + " characters (now " + name.length() + ").");
        }
        StringBuilder bad = new StringBuilder();
        name.chars().filter(c -> !allowedInName((char) c)).distinct().forEach(bad::appendCodePoint);
        if (bad.length() > 0) {
            return Optional.of("Only letters, digits, _ and - are allowed (not: " + bad.toString().replace(" ", "space")
                    + ").");
        }
        return Optional.empty();
    }

    /** The form's hint for a description: empty when valid. */
    public static Optional<String> description(String d) {
        if (d == null) {
            return Optional.empty();
        }
        if (d.length() > MAX_LENGTH) {
            return Optional.of("At most " + MAX_LENGTH + " characters (now " + d.length() + ").");
        }
        StringBuilder bad = new StringBuilder();
        for (char c : FORBIDDEN_IN_DESCRIPTION.toCharArray()) {
            if (d.indexOf(c) >= 0) {
                bad.append(bad.length() == 0 ? "" : " ").append(c);
            }
        }
        return bad.length() == 0 ? Optional.empty() : Optional.of("These characters are not allowed: " + bad + ".");
    }
}
