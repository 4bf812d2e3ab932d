package dev.tandem.console.alerts;

/** One alert in the list. Acknowledged alerts stay until cleared. */
public record AlertItem(long seq, long at, String node, String type, String text, boolean acknowledged) {
    public AlertItem acknowledge() {
        return new AlertItem(seq, at, node, type, text, true);
    }
}
