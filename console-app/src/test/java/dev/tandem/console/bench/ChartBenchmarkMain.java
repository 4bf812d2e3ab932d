package dev.tandem.console.bench;

/** Launcher for {@link ChartBenchmark} (not an Application subclass, so a plain classpath works). */
public final class ChartBenchmarkMain {
    private ChartBenchmarkMain() {}

    public static void main(String[] args) {
        ChartBenchmark.main(args);
    }
}
