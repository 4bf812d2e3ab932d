package dev.tandem.agent.srm;

/** A duration in the words of a sentence: "90 s", "30 min", "1 h". */
final class Durations {
    private Durations() {
    }

    static String words(long ms) {
        if (ms % 3_600_000 == 0 && ms >= 3_600_000) {
            return ms / 3_600_000 + " h";
        }
        if (ms % 60_000 == 0 && ms >= 60_000) {
            return ms / 60_000 + " min";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + " s";
        }
        return ms + " ms";
    }
}
