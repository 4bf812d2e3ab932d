package dev.tandem.console.charts;

import dev.tandem.console.util.Ages;
import dev.tandem.contract.CounterNames;
import dev.tandem.proto.admin.v1.Counter;
import dev.tandem.proto.admin.v1.CounterSample;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * All counter series, fed by the counter streams of every agent. Each agent streams its own
 * node's counters (sampled now) and a relayed copy of its peer's (from the peer's last
 * heartbeat, so older and repeated). A series is keyed by the node the counters describe and
 * is fed by that node's own agent; a relayed copy is used only while the node's own agent has
 * sent nothing for {@link #RELAY_GRACE_MS}, so two sources never interleave into a sawtooth.
 * Negative values are the agent's "not known" sentinel (e.g. no heartbeat seen yet) and are
 * never stored, so they are never plotted.
 */
public final class CounterStore {
    /** §8 counters, in the guide's order, then the heartbeat figures. */
    public static final List<String> SESSION_COUNTERS = List.of(CounterNames.ACTIVE_JSM_SESSIONS, CounterNames.INACTIVE_JSM_SESSIONS);
    public static final List<String> OTHER_COUNTERS = List.of(CounterNames.JSM_SESSIONS_CLIENT, CounterNames.JSM_SESSIONS_CLIENT_INACTIVE,
            CounterNames.JSM_SESSIONS_COMPOSED);
    public static final String ROUND_TRIP = CounterNames.PEER_ROUND_TRIP_MS;
    public static final String MISSED = CounterNames.MISSED_HEARTBEATS;
    public static final String SINCE_LAST = CounterNames.SINCE_LAST_HEARTBEAT_MS;

    /** How long after a node's own sample a relayed copy of its counters is ignored. */
    public static final long RELAY_GRACE_MS = 5_000;

    private final ConcurrentMap<SeriesKey, SeriesBuffer> series = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Long> ownSeenAt = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Long> relayFirstSeen = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong relayedUsed = new java.util.concurrent.atomic.AtomicLong();
    private final int capacity;

    /** @param capacity samples kept per series: 1 h at 1 Hz needs 3600 */
    public CounterStore(int capacity) {
        this.capacity = capacity;
    }

    /** A sample from a node's own agent (tests and tools that have one source per node). */
    public void accept(CounterSample sample) {
        accept(sample.getNode(), sample, System.currentTimeMillis());
    }

    /**
     * @param source     the node whose agent sent the sample (its status reporter), or null when
     *                   not known yet
     * @param receivedAt the console's clock when it arrived
     * @return whether the sample was used (false: a relayed copy while the node's own agent streams)
     */
    public boolean accept(String source, CounterSample sample, long receivedAt) {
        String node = sample.getNode();
        if (source == null) {
            return false; // before the agent's first status: its own node is not known yet
        }
        if (node.equals(source)) {
            ownSeenAt.put(node, receivedAt);
        } else {
            Long own = ownSeenAt.get(node);
            if (own != null && receivedAt - own < RELAY_GRACE_MS) {
                return false;
            }
            // at start-up the node's own agent may simply not have answered yet: give it the same grace
            long firstRelay = relayFirstSeen.computeIfAbsent(node, n -> receivedAt);
            if (own == null && receivedAt - firstRelay < RELAY_GRACE_MS) {
                return false;
            }
            relayedUsed.incrementAndGet();
        }
        long at = Ages.millis(sample.getAt());
        for (Counter c : sample.getCountersList()) {
            if (c.getValue() >= 0 && !Double.isNaN(c.getValue())) {
                add(new SeriesKey(node, c.getName()), at, c.getValue());
            }
        }
        return true;
    }

    /** Relayed samples used because the node's own agent was silent (0 while every agent streams). */
    public long relayedUsed() {
        return relayedUsed.get();
    }

    public void add(SeriesKey key, long at, double value) {
        series.computeIfAbsent(key, k -> new SeriesBuffer(capacity)).add(at, value);
    }

    public Optional<SeriesBuffer> series(SeriesKey key) {
        return Optional.ofNullable(series.get(key));
    }

    public List<SeriesKey> keys() {
        return series.keySet().stream().sorted().toList();
    }

    public List<String> nodes() {
        return series.keySet().stream().map(SeriesKey::node).distinct().sorted().toList();
    }

    public List<String> counterNames() {
        return series.keySet().stream().map(SeriesKey::counter).distinct().sorted().toList();
    }
}
