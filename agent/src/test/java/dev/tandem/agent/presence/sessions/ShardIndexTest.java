package dev.tandem.agent.presence.sessions;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How user ids spread over the shards, and over each shard's own session map. */
class ShardIndexTest {
    private static final int USERS = 15_000;

    /** HashMap's bucket of a key in a table of {@code capacity} (its own spread of the hash code). */
    private static int bucket(String key, int capacity) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (capacity - 1);
    }

    private static List<List<String>> byShard() {
        List<List<String>> shards = new ArrayList<>();
        for (int i = 0; i < SessionManager.SHARDS; i++) {
            shards.add(new ArrayList<>());
        }
        for (int i = 0; i < USERS; i++) {
            String id = String.format("user%05d", i);
            shards.get(SessionTable.indexOf(id)).add(id);
        }
        return shards;
    }

    @Test
    void everyShardGetsItsShareOfTheUsers() {
        int mean = USERS / SessionManager.SHARDS;
        for (List<String> shard : byShard()) {
            assertTrue(shard.size() > mean / 2 && shard.size() < mean * 3 / 2,
                    "a shard holds " + shard.size() + " of " + USERS + " users (mean " + mean + ")");
        }
    }

    /**
     * A shard's session map must be able to use its buckets: had the shard been picked by the
     * low bits HashMap also uses, its keys would share them and pile into a few long (treeified)
     * bins. (Picked that way, a shard of these ids used as few as 4 buckets, 51 keys in one.)
     */
    @Test
    void everyShardsSessionMapSpreadsItsUsersOverItsBuckets() {
        for (List<String> shard : byShard()) {
            int capacity = Integer.highestOneBit(Math.max(1, (int) (shard.size() / 0.75f)) * 2 - 1);
            long used = shard.stream().mapToInt(id -> bucket(id, capacity)).distinct().count();
            assertTrue(used * 3 >= shard.size(),
                    "a " + shard.size() + "-session map of " + capacity + " buckets uses only " + used + " of them");
        }
    }
}
