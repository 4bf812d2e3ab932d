package dev.tandem.agent.presence.users;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The removals a user store remembers (issue 11, convergence): user id and the removal's version,
 * so a replicated or fetched record older than the removal is not applied and a store that saw
 * the later removal wins the comparison. At most {@code max} are kept, the newest: a removal older
 * than the newest {@code max} is forgotten (a record it would have beaten may then come back from
 * a peer that wins the comparison with other, newer writes). Not thread-safe: the store's lock
 * guards it. Changes are planned first and applied after the database took them, so a failed
 * write changes nothing.
 */
final class Tombstones {
    private record Tomb(long version, String userId) {
    }

    private static final Comparator<Tomb> OLDEST_FIRST = Comparator.comparingLong(Tomb::version)
            .thenComparing(Tomb::userId);

    private final int max;
    private final Map<String, Long> byUser = new HashMap<>();
    private final TreeSet<Tomb> byAge = new TreeSet<>(OLDEST_FIRST);

    Tombstones(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("keep at least one tombstone, not " + max);
        }
        this.max = max;
    }

    /**
     * What to write: {@code set} (user id to version) replaces a tombstone, {@code cleared} drops
     * one (a newer write of the user, or one pruned to stay within the bound).
     */
    record Plan(Map<String, Long> set, Set<String> cleared) {
        boolean isEmpty() {
            return set.isEmpty() && cleared.isEmpty();
        }
    }

    /** The removal's version of {@code userId}, or null when none is kept. */
    Long get(String userId) {
        return byUser.get(userId);
    }

    int size() {
        return byUser.size();
    }

    /** The highest version kept (0 when none): part of the store's clock. */
    long newest() {
        return byAge.isEmpty() ? 0 : byAge.last().version();
    }

    Map<String, Long> copy() {
        return Map.copyOf(byUser);
    }

    /**
     * Plans setting {@code set} (each only when newer than the one kept) and clearing {@code clear},
     * then dropping the oldest beyond the bound.
     */
    Plan plan(Map<String, Long> set, Collection<String> clear) {
        Map<String, Long> put = new HashMap<>();
        set.forEach((id, v) -> {
            Long old = byUser.get(id);
            if (old == null || v > old) {
                put.put(id, v);
            }
        });
        Set<String> cleared = new HashSet<>();
        for (String id : clear) {
            if (byUser.containsKey(id) && !put.containsKey(id)) {
                cleared.add(id);
            }
            put.remove(id);
        }
        int added = 0;
        for (String id : put.keySet()) {
            added += byUser.containsKey(id) ? 0 : 1;
        }
        int excess = byUser.size() - cleared.size() + added - max;
        if (excess > 0) {
            // the oldest of what would be kept: the oldest existing ones (not cleared or replaced) and the new ones
            List<Tomb> candidates = new ArrayList<>();
            Iterator<Tomb> it = byAge.iterator();
            int taken = 0;
            while (it.hasNext() && taken < excess) {
                Tomb t = it.next();
                if (!cleared.contains(t.userId()) && !put.containsKey(t.userId())) {
                    candidates.add(t);
                    taken++;
                }
            }
            put.forEach((id, v) -> candidates.add(new Tomb(v, id)));
            candidates.sort(OLDEST_FIRST);
            for (Tomb t : candidates.subList(0, excess)) {
                if (put.remove(t.userId()) == null || byUser.containsKey(t.userId())) {
                    cleared.add(t.userId());
                }
            }
        }
        return new Plan(Map.copyOf(put), Set.copyOf(cleared));
    }

    /** Applies a plan the database has taken. */
    void apply(Plan p) {
        p.cleared().forEach(this::drop);
        p.set().forEach((id, v) -> {
            drop(id);
            byUser.put(id, v);
            byAge.add(new Tomb(v, id));
        });
    }

    /** Loads what the database holds (no bound applied: it was applied when they were written). */
    void load(Map<String, Long> stored) {
        stored.forEach((id, v) -> {
            byUser.put(id, v);
            byAge.add(new Tomb(v, id));
        });
    }

    private void drop(String id) {
        Long old = byUser.remove(id);
        if (old != null) {
            byAge.remove(new Tomb(old, id));
        }
    }
}
