package dev.tandem.agent.presence.users;

/** The change is refused in the group's current state (for example: no user can be added
 * while a node is in a failover state, ha-behaviour.md §5); nothing was changed. */
public class UserChangeRefusedException extends IllegalStateException {
    public UserChangeRefusedException(String message) {
        super(message);
    }
}
