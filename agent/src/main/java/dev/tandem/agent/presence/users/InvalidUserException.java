package dev.tandem.agent.presence.users;

/** Bad input for a user change (bad id, duplicate, unknown user); nothing was changed. */
public class InvalidUserException extends IllegalArgumentException {
    public InvalidUserException(String message) {
        super(message);
    }
}
