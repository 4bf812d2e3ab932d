package dev.tandem.agent.presence.users;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule every replicated or fetched record goes through: it applies only over an older
 * local record or removal (a lower version; see {@link UserStore#clock}); version 0 (an older
 * peer) applies over anything. A write that applies clears the user's tombstone.
 */
final class NewerWins {
    private static final Logger log = LoggerFactory.getLogger(UserStore.class);

    private NewerWins() {
    }

    /** The records of {@code incoming} newer than the store's record of the user, or than its removal. */
    static List<UserRecord> newer(List<UserRecord> incoming, UserRecords users, Tombstones tombstones, String self) {
        List<UserRecord> fresh = new ArrayList<>(incoming.size());
        int older = 0;
        int removed = 0;
        String example = "";
        for (UserRecord u : incoming) {
            UserRecord mine = users.get(u.userId());
            Long tomb = mine == null ? tombstones.get(u.userId()) : null;
            if (u.version() == 0 || (mine == null ? tomb == null || u.version() > tomb : u.version() > mine.version())) {
                fresh.add(u);
            } else if (mine == null) {
                removed++;
                example = u.userId() + " (version " + u.version() + " < removal " + tomb + ")";
            } else if (!u.samePlacement(mine)) {
                older++;
                example = u.userId() + " (version " + u.version() + " < " + mine.version() + ", kept " + mine.servingNode() + ")";
            }
        }
        if (older + removed > 0) {
            log.info("{}: {} replicated record(s) older than this store's and {} older than its removal were not applied,"
                    + " e.g. {}", self, older, removed, example);
        }
        return fresh;
    }

    /** The tombstones that {@code written} (records that applied) clear. */
    static Tombstones.Plan untomb(List<UserRecord> written, Tombstones tombstones) {
        List<String> ids = new ArrayList<>();
        for (UserRecord u : written) {
            if (tombstones.get(u.userId()) != null) {
                ids.add(u.userId());
            }
        }
        return tombstones.plan(Map.of(), ids);
    }
}
