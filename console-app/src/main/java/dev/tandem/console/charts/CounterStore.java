package dev.tandem.console.charts;

import dev.tandem.console.util.Ages;
import dev.tandem.contract.CounterNames;
import dev.tandem.proto.admin.v1.Counter;
import dev.tandem.proto.admin.v1.CounterSample;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** All counter series, fed by the counter streams of every agent. */
public final class CounterStore {
    /** §8 counters, in the guide's order, then the heartbeat figures. */
    public static final List<String> SESSION_COUNTERS = List.of(CounterNames.ACTIVE_JSM_SESSIONS, CounterNames.INACTIVE_JSM_SESSIONS);
    public static final List<String> OTHER_COUNTERS = List.of("JsmSessionsClient", "JsmSessionsClientInactive",
            "JsmSessionsComposed");
    public static final String ROUND_TRIP = dev.tandem.contract.CounterNames.PEER_ROUND_TRIP_MS;
    public static final String MISSED = dev.tandem.contract.CounterNames.MISSED_HEARTBEATS;
    public static final String SINCE_LAST = dev.tandem.contract.CounterNames.SINCE_LAST_HEARTBEAT_MS;

    private final ConcurrentMap<SeriesKey, SeriesBuffer> series = new ConcurrentHashMap<>();
    private final int capacity;

    /** @param capacity samples kept per series: 1 h at 1 Hz needs 3600 */
    public CounterStore(int capacity) {
        this.capacity = capacity;
    }

    public void accept(CounterSample sample) {
        long at = Ages.millis(sample.getAt());
        for (Counter c : sample.getCountersList()) {
            add(new SeriesKey(sample.getNode(), c.getName()), at, c.getValue());
        }
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
