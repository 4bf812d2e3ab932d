package dev.tandem.agent.presence.users;

import dev.tandem.agent.presence.store.RosterEntry;
import java.nio.charset.StandardCharsets;

/**
 * A summary of one node's user store that the two nodes compare (issue 11, convergence): how
 * many users, a 64-bit digest of their records (XOR of one hash per record over user id, home
 * and serving node: order-free and updated in O(1) per change), the highest version written or
 * seen, of a record ({@link UserRecord#version}) or a removal (a tombstone), and {@code extras}:
 * the XOR of one hash per roster entry and per login secret, with {@link #EXTRAS_SEED} (so it is
 * never 0, which on the wire means "not sent"). Two stores with equal users, digest and extras
 * hold the same records, roster and secrets (up to 64-bit hash collisions).
 */
public record StoreDigest(long users, long digest, long clock, long extras) {
    /** XORed into every store's extras: an empty roster without secrets is not 0. */
    public static final long EXTRAS_SEED = 0x7a3d_1c5e_9b42_f086L;

    /** From a sender that sends no extras (an older agent): {@code extras} 0, not compared. */
    public StoreDigest(long users, long digest, long clock) {
        this(users, digest, clock, 0);
    }

    /** Same records, whatever the versions; same roster and secrets too unless either side sent no extras. */
    public boolean sameRecords(StoreDigest o) {
        return o != null && users == o.users && digest == o.digest
                && (extras == 0 || o.extras == 0 || extras == o.extras);
    }

    static long hash(RosterEntry e) {
        return mix(fnv(fnv(0xcbf29ce484222325L, "roster"), e.watcher(), e.target()));
    }

    static long hashSecret(String userId, String secretHash) {
        return mix(fnv(fnv(0xcbf29ce484222325L, "secret"), userId, secretHash));
    }

    private static long fnv(long h, String... fields) {
        for (String f : fields) {
            for (byte b : (f == null ? "" : f).getBytes(StandardCharsets.UTF_8)) {
                h ^= b & 0xff;
                h *= 0x100000001b3L;
            }
            h ^= 0x1f; // unit separator between fields
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** FNV-1a over the record's fields (with a separator that no field contains), then a final mix. */
    static long hash(UserRecord u) {
        return mix(fnv(0xcbf29ce484222325L, u.userId(), u.homeNode(), u.servingNode()));
    }

    /** splitmix64's finalizer: XOR of many FNV values alone would cancel too easily. */
    private static long mix(long h) {
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
