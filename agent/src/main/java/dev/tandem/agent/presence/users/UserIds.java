package dev.tandem.agent.presence.users;

import java.util.regex.Pattern;

/** What a user id may look like. */
public final class UserIds {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");

    private UserIds() {
    }

    /** @throws InvalidUserException naming what is wrong */
    public static void check(String userId) {
        if (userId == null || userId.isEmpty()) {
            throw new InvalidUserException("a user id is required");
        }
        if (!VALID.matcher(userId).matches()) {
            throw new InvalidUserException("user id '" + userId + "' is invalid: use 1 to 128 letters, digits,"
                    + " '.', '_', '@' or '-', starting with a letter or digit");
        }
    }
}
