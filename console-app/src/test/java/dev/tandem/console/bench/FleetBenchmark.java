package dev.tandem.console.bench;

import dev.tandem.console.ConsoleContext;
import dev.tandem.console.MainView;
import dev.tandem.console.MainViewModel;
import dev.tandem.console.connection.AgentAddress;
import dev.tandem.console.connection.Backoff;
import dev.tandem.console.connection.ChannelFactory;
import dev.tandem.console.fleet.FleetItem;
import dev.tandem.console.testing.Fleet;
import dev.tandem.console.util.DrainTimer;
import dev.tandem.console.util.Fx;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.util.Duration;

/**
 * NOT run by mvn verify. The console against a fleet of REAL pairs in this JVM ({@link Fleet}:
 * N groups, 2N agents, heartbeats every 500 ms, counters at 1 Hz): time from adding every agent
 * to every group (and both its nodes) being in the fleet tree; then, with the tree and the
 * Overview shown, FX thread CPU share, frames, longest frame and longest drain tick over
 * {@code measureSeconds}, and heap after a full GC (whole JVM, and the console's part: the
 * heap after minus the heap with the agents alone).
 *
 * Args: [groups=50] [measureSeconds=20] [startParallel=4]. Prints one RESULT line.
 */
public final class FleetBenchmark extends Application {
    private static int groups;
    private static int measureSeconds;
    private static Fleet fleet;
    private static long heapAgentsOnlyMb;
    private static long fleetStartMs;

    private final List<Long> frameGaps = new ArrayList<>();
    private long lastPulse;
    private volatile long maxTickNanos;
    private volatile long shownAtNanos;

    public static void main(String[] args) throws Exception {
        groups = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        measureSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int parallel = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        long t = System.nanoTime();
        fleet = Fleet.start(groups, parallel);
        fleetStartMs = (System.nanoTime() - t) / 1_000_000;
        heapAgentsOnlyMb = heapAfterGcMb();
        System.out.printf(Locale.ROOT, "fleet of %d groups (%d agents) in M1 after %d ms; heap with the agents alone %d MB%n",
                groups, 2 * groups, fleetStartMs, heapAgentsOnlyMb);
        launch(FleetBenchmark.class);
    }

    static long heapAfterGcMb() {
        System.gc();
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
    }

    @Override
    public void start(Stage stage) {
        ConsoleContext ctx = new ConsoleContext(ChannelFactory.netty(), Backoff.standard(), Fx.executor(), 1000);
        MainViewModel vm = new MainViewModel(ctx);
        MainView view = new MainView(vm);
        stage.setScene(new Scene(view, 1280, 800));
        stage.show();
        DrainTimer timer = new DrainTimer(Duration.millis(250));
        long t0 = System.nanoTime();
        timer.add(now -> {
            long t = System.nanoTime();
            vm.tick(now);
            maxTickNanos = Math.max(maxTickNanos, System.nanoTime() - t);
            if (shownAtNanos == 0 && allShown(vm.fleet().clustersProperty().get())) {
                shownAtNanos = System.nanoTime();
            }
        });
        List<AgentAddress> agents = fleet.addresses();
        agents.forEach(a -> vm.connections().add(a));
        timer.start();
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (lastPulse != 0) {
                    frameGaps.add(now - lastPulse);
                }
                lastPulse = now;
            }
        }.start();
        Thread fx = Thread.currentThread();
        Thread measure = new Thread(() -> measure(fx, t0), "bench-measure");
        measure.setDaemon(true);
        measure.start();
    }

    private static boolean allShown(List<FleetItem> clusters) {
        return clusters.stream().mapToLong(c -> c.children().stream().filter(g -> g.children().size() == 2).count())
                .sum() == groups;
    }

    private void measure(Thread fx, long t0) {
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (shownAtNanos == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50); // a benchmark harness, not a test: waits for the tree with a bound
            }
            long shownMs = shownAtNanos == 0 ? -1 : (shownAtNanos - t0) / 1_000_000;
            Thread.sleep(5000); // warm-up
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            CountDownLatch reset = new CountDownLatch(1);
            Platform.runLater(() -> {
                frameGaps.clear();
                maxTickNanos = 0;
                reset.countDown();
            });
            reset.await();
            long wall0 = System.nanoTime();
            long fx0 = mx.getThreadCpuTime(fx.getId());
            Thread.sleep(measureSeconds * 1000L);
            long wall = System.nanoTime() - wall0;
            long fxCpu = mx.getThreadCpuTime(fx.getId()) - fx0;
            CountDownLatch done = new CountDownLatch(1);
            long[][] gaps = new long[1][];
            Platform.runLater(() -> {
                gaps[0] = frameGaps.stream().mapToLong(Long::longValue).toArray();
                done.countDown();
            });
            done.await(60, TimeUnit.SECONDS);
            long[] g = gaps[0] == null ? new long[0] : gaps[0];
            Arrays.sort(g);
            long heapMb = heapAfterGcMb();
            double maxFrame = g.length == 0 ? Double.NaN : g[g.length - 1] / 1e6;
            double p99 = g.length == 0 ? Double.NaN : g[(int) Math.min(g.length - 1, g.length * 0.99)] / 1e6;
            System.out.printf(Locale.ROOT, "RESULT groups=%d agents=%d fleetStartMs=%d connectToAllShownMs=%d fxBusy=%.1f%% "
                            + "frames=%d fps=%.1f maxFrameMs=%.1f p99FrameMs=%.1f maxDrainTickMs=%.1f heapMB=%d "
                            + "heapAgentsOnlyMB=%d consoleHeapMB=%d cpus=%d%n",
                    groups, 2 * groups, fleetStartMs, shownMs, 100.0 * fxCpu / wall, g.length, g.length / (wall / 1e9),
                    maxFrame, p99, maxTickNanos / 1e6, heapMb, heapAgentsOnlyMb, heapMb - heapAgentsOnlyMb,
                    Runtime.getRuntime().availableProcessors());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(0); // 2N agents' threads: no orderly shutdown needed for a figure
    }
}
