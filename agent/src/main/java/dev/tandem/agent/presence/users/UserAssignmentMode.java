package dev.tandem.agent.presence.users;

/** Enterprise-wide User Assignment Mode for presence servers (ha-behaviour.md §4). */
public enum UserAssignmentMode {
    /** Users spread evenly over the two nodes of the group (the default). */
    BALANCED,
    /** Every user on the first node; the second is the backup. */
    ACTIVE_STANDBY,
    /** No user is assigned to a node. */
    NONE
}
