package dev.tandem.agent.presence;

/** The user moves the SRM commands (one per {@link UserMoves} method). */
public enum MoveKind {
    TAKE_OVER_PEER_USERS,
    HAND_OVER_OWN_USERS,
    TAKE_BACK_OWN_USERS,
    GIVE_BACK_PEER_USERS,
    RESET_TO_HOME
}
