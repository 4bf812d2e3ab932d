package dev.tandem.console.util;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Human texts for durations, ages and times. */
public final class Ages {
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter DATE_CLOCK =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private static final DateTimeFormatter DATE_CLOCK_MS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private Ages() {}

    /** "850 ms", "12 s", "4 min 05 s", "2 h 03 min". */
    public static String duration(long ms) {
        if (ms < 0) {
            ms = 0;
        }
        if (ms < 1000) {
            return ms + " ms";
        }
        long s = ms / 1000;
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format("%d min %02d s", s / 60, s % 60);
        }
        if (s < 86400) {
            return String.format("%d h %02d min", s / 3600, (s % 3600) / 60);
        }
        return String.format("%d d %02d h", s / 86400, (s % 86400) / 3600);
    }

    public static long millis(Timestamp t) {
        return t.getSeconds() * 1000 + t.getNanos() / 1_000_000;
    }

    public static boolean isSet(Timestamp t) {
        return t.getSeconds() != 0 || t.getNanos() != 0;
    }

    public static String clock(long epochMs) {
        return CLOCK.format(Instant.ofEpochMilli(epochMs));
    }

    public static String dateClock(long epochMs) {
        return DATE_CLOCK.format(Instant.ofEpochMilli(epochMs));
    }

    /** "2026-12-02 14:03:04.217": history needs the order of events within one second. */
    public static String dateClockMillis(long epochMs) {
        return DATE_CLOCK_MS.format(Instant.ofEpochMilli(epochMs));
    }

    /** "since 12:03:04 (5 min 02 s)" or "" when the time is unset. */
    public static String since(Timestamp t, long now) {
        if (!isSet(t)) {
            return "";
        }
        long at = millis(t);
        return "since " + clock(at) + " (" + duration(now - at) + ")";
    }
}
