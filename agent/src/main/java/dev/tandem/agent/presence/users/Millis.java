package dev.tandem.agent.presence.users;

/** Durations and CPU times as the store's log lines print them ("12.3 ms"). */
final class Millis {
    private Millis() {
    }

    static String of(long nanos) {
        return (nanos / 100_000) / 10.0 + " ms";
    }

    /** The current thread's CPU time, 0 where the JVM cannot tell. */
    static long threadCpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        return mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : 0;
    }
}
