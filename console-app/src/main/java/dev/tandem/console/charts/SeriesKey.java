package dev.tandem.console.charts;

/** One plotted line: a counter of one node. */
public record SeriesKey(String node, String counter) implements Comparable<SeriesKey> {
    @Override
    public int compareTo(SeriesKey o) {
        int c = counter.compareTo(o.counter);
        return c != 0 ? c : node.compareTo(o.node);
    }

    public String label() {
        return node + " " + counter;
    }
}
