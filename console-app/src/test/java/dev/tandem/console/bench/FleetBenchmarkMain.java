package dev.tandem.console.bench;

/** Launcher for {@link FleetBenchmark} (not an Application subclass, so a plain classpath works). */
public final class FleetBenchmarkMain {
    private FleetBenchmarkMain() {}

    public static void main(String[] args) throws Exception {
        FleetBenchmark.main(args);
    }
}
