package dev.tandem.contract;

import java.math.BigDecimal;

/**
 * Virtual time of a what-if run (milliseconds after its start) in words, the same in the
 * agent's summary, tandemctl and the console: "0 ms", "300 ms", "10 s", "10.002 s", "2 min 5 s".
 */
public final class VirtualTime {
    private VirtualTime() {
    }

    public static String words(long ms) {
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            // exact: two changes 2 ms apart never read as the same moment
            return BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString() + " s";
        }
        long rest = ms % 60_000;
        return ms / 60_000 + " min" + (rest == 0 ? "" : " " + words(rest));
    }
}
