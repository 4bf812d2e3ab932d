package dev.tandem.agent.presence.users;

/** The durable store failed; the change was rolled back and the in-memory view is unchanged. */
public class UserStoreException extends RuntimeException {
    public UserStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
