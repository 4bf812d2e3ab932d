package dev.tandem.agent.presence.users;

/** Told of every committed change, after the database transaction and the in-memory update. */
@FunctionalInterface
public interface UserChangeListener {
    void onChange(UserChange change, UserChange.Origin origin);
}
