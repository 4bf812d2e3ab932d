package dev.tandem.agent.presence.users;

import java.nio.charset.StandardCharsets;

/**
 * A summary of one node's user store that the two nodes compare (issue 11, convergence): how
 * many users, a 64-bit digest of their records (XOR of one hash per record over user id, home
 * and serving node: order-free and updated in O(1) per change), and the highest version
 * written or seen, of a record ({@link UserRecord#version}) or a removal (a tombstone). Two stores with equal users and digest hold the
 * same records (up to a 64-bit hash collision).
 */
public record StoreDigest(long users, long digest, long clock) {
    /** Same records, whatever the versions. */
    public boolean sameRecords(StoreDigest o) {
        return o != null && users == o.users && digest == o.digest;
    }

    /** FNV-1a over the record's fields (with a separator that no field contains), then a final mix. */
    static long hash(UserRecord u) {
        long h = 0xcbf29ce484222325L;
        for (String f : new String[] {u.userId(), u.homeNode(), u.servingNode()}) {
            byte[] bytes = (f == null ? "" : f).getBytes(StandardCharsets.UTF_8);
            for (byte b : bytes) {
                h ^= b & 0xff;
                h *= 0x100000001b3L;
            }
            h ^= 0x1f; // unit separator between fields
            h *= 0x100000001b3L;
        }
        // splitmix64's finalizer: XOR of many FNV values alone would cancel too easily
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
