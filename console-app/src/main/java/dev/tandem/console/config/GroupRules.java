package dev.tandem.console.config;

import java.util.Optional;
import java.util.regex.Pattern;

/** ha-behaviour.md §4: what a presence redundancy group's name and description may hold. */
public final class GroupRules {
    public static final int MAX_LENGTH = 128;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final String FORBIDDEN = "\"%&\\<>";

    private GroupRules() {}

    /** Empty when valid, else the message to show beside the field. */
    public static Optional<String> name(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("A group name is required.");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("At most " + MAX_LENGTH + " characters (now " + name.length() + ").");
        }
        if (!NAME.matcher(name).matches()) {
            String bad = name.chars().filter(c -> !(Character.isLetterOrDigit(c) && c < 128) && c != '_' && c != '-')
                    .distinct().collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                    .toString().replace(" ", "space");
            return Optional.of("Only letters, digits, _ and - are allowed (not: " + bad + ").");
        }
        return Optional.empty();
    }

    public static Optional<String> description(String d) {
        if (d == null) {
            return Optional.empty();
        }
        if (d.length() > MAX_LENGTH) {
            return Optional.of("At most " + MAX_LENGTH + " characters (now " + d.length() + ").");
        }
        StringBuilder bad = new StringBuilder();
        for (char c : FORBIDDEN.toCharArray()) {
            if (d.indexOf(c) >= 0) {
                bad.append(bad.length() == 0 ? "" : " ").append(c);
            }
        }
        return bad.length() == 0 ? Optional.empty()
                : Optional.of("These characters are not allowed: " + bad + ".");
    }
}
