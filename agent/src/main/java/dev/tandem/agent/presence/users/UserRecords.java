package dev.tandem.agent.presence.users;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The user records in memory, with what is derived from them kept up to date on each change:
 * the digest the peers compare, the users per home node, a change counter. Reads are lock-free;
 * changes are made under the user store's lock, after its database write.
 */
final class UserRecords {
    private final Map<String, UserRecord> users = new ConcurrentHashMap<>();
    /**
     * Bumped after every change of a user record, so readers can cache what they derive from
     * the records: bumped after the change, a reader that sees the new value also sees the change.
     */
    private volatile long version;
    /** Changed under the store's lock only. */
    private final Map<String, Integer> homeCounts = new HashMap<>();
    /**
     * XOR of {@link StoreDigest#hash} over every record (id, home, serving node): kept up to date
     * in O(1) per change, so the peer link can compare the two stores in every heartbeat at no
     * cost, whatever the number of users.
     */
    private volatile long digest;

    UserRecord get(String userId) {
        return users.get(userId);
    }

    boolean contains(String userId) {
        return users.containsKey(userId);
    }

    Collection<UserRecord> values() {
        return users.values();
    }

    Set<String> ids() {
        return users.keySet();
    }

    /** Read-only: for code that decides over the records without changing them. */
    Map<String, UserRecord> view() {
        return Collections.unmodifiableMap(users);
    }

    int size() {
        return users.size();
    }

    long version() {
        return version;
    }

    long digest() {
        return digest;
    }

    /** A copy of the users per home node (call under the store's lock). */
    Map<String, Integer> homeCounts() {
        return new HashMap<>(homeCounts);
    }

    void put(UserRecord u) {
        UserRecord old = users.put(u.userId(), u);
        digest ^= StoreDigest.hash(u) ^ (old == null ? 0 : StoreDigest.hash(old));
        if (old != null && old.homeNode() != null) {
            homeCounts.merge(old.homeNode(), -1, Integer::sum);
        }
        if (u.homeNode() != null) {
            homeCounts.merge(u.homeNode(), 1, Integer::sum);
        }
        version++;
    }

    void remove(String userId) {
        UserRecord old = users.remove(userId);
        digest ^= old == null ? 0 : StoreDigest.hash(old);
        if (old != null && old.homeNode() != null) {
            homeCounts.merge(old.homeNode(), -1, Integer::sum);
        }
        version++;
    }
}
