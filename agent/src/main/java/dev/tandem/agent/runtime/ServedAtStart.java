package dev.tandem.agent.runtime;

import dev.tandem.agent.presence.users.UserRecord;
import java.util.List;

/**
 * What this node serves when its agent starts, read from the durable user store: the SRM
 * cannot guess it (a node restarted after a takeover still serves its peer's users).
 *
 * @param own whether it serves its own users (true too when it has none)
 * @param peers whether it serves any of its peer's users
 */
record ServedAtStart(boolean own, boolean peers) {
    static ServedAtStart of(List<UserRecord> users, String self, String peer) {
        boolean own = users.stream().noneMatch(u -> self.equals(u.homeNode()))
                || users.stream().anyMatch(u -> self.equals(u.homeNode()) && self.equals(u.servingNode()));
        boolean peers = users.stream().anyMatch(u -> peer.equals(u.homeNode()) && self.equals(u.servingNode()));
        return new ServedAtStart(own, peers);
    }
}
