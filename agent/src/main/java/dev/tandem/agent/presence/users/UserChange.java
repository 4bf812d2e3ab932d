package dev.tandem.agent.presence.users;

import dev.tandem.agent.srm.MoveKind;
import java.util.List;

/** One committed change of the user store. The agent's peer link sends LOCAL changes to the
 * peer, which applies them with {@link UserStore#applyReplicated(UserChange)}; every change
 * carries the full resulting records, so applying it twice is harmless. */
public sealed interface UserChange {
    record Added(List<UserRecord> users) implements UserChange {
        public Added {
            users = List.copyOf(users);
        }
    }

    /**
     * A user was removed; {@code version} is the removal's, stamped like a record's (see
     * {@link UserRecord#version}): the peer removes its record only when that is older, and keeps
     * a tombstone. 0 = not versioned (an older peer): removed whatever the local record.
     */
    record Removed(String userId, long version) implements UserChange {
        public Removed {
            if (version < 0) {
                throw new IllegalArgumentException("a removal's version is never negative: " + version);
            }
        }

        /** A removal not versioned (an older peer's). */
        public Removed(String userId) {
            this(userId, 0);
        }
    }

    /** The assignment mode changed and users were re-placed (home and serving node). */
    record Placed(UserAssignmentMode mode, List<UserRecord> users) implements UserChange {
        public Placed {
            users = List.copyOf(users);
        }
    }

    /** Users changed serving node by a move. */
    record Moved(MoveKind kind, String byNode, List<UserRecord> users) implements UserChange {
        public Moved {
            users = List.copyOf(users);
        }
    }

    /** A persistent (roster) subscription of {@code watcher} to {@code target} was added or removed. */
    record RosterChanged(String watcher, String target, boolean added) implements UserChange {
    }

    /** A user's login secret was set; {@code hash} is its PBKDF2 form (SecretHasher), never the secret. */
    record SecretSet(String userId, String hash) implements UserChange {
    }

    /** Where a change came from. */
    enum Origin {
        /** Made on this node: replicate it to the peer. */
        LOCAL,
        /** Applied from the peer: do not send it back. */
        REPLICATED
    }
}
