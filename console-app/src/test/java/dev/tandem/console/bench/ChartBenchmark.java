package dev.tandem.console.bench;

import dev.tandem.console.charts.ChartSpec;
import dev.tandem.console.charts.CounterStore;
import dev.tandem.console.charts.SeriesKey;
import dev.tandem.console.charts.TimeSeriesCanvas;
import dev.tandem.console.charts.TimelineStore;
import dev.tandem.console.util.DrainTimer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import javafx.util.Duration;

/**
 * NOT run by mvn verify. 20 agents x 5 counters at 1 Hz in a 1-hour window: the console's
 * Canvas charts (ring buffers, one drain timer, min/max per pixel column) against stock
 * LineCharts fed the same points without reduction. Time-compressed: the hour is pre-filled,
 * then samples arrive at {@code speed} simulated seconds per real second.
 *
 * Args: mode (canvas|linechart) [measureSeconds=20] [speed=10]. Prints one result line.
 */
public final class ChartBenchmark extends Application {
    static final int AGENTS = 20;
    static final String[] COUNTERS = {"ActiveJsmSessions", "InactiveJsmSessions", "JsmSessionsClient",
        "JsmSessionsClientInactive", "JsmSessionsComposed"};
    static final long WINDOW_MS = 3_600_000;

    private static String mode;
    private static int measureSeconds;
    private static int speed;

    public static void main(String[] args) {
        mode = args.length > 0 ? args[0] : "canvas";
        measureSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        speed = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        launch(ChartBenchmark.class);
    }

    static double value(int agent, int counter, long t) {
        return 1000 + agent * 10 + counter * 100 + 200 * Math.sin(t / 60_000.0 + agent) + (t / 1000 % 7) * 3;
    }

    private final long start = System.currentTimeMillis();
    private volatile long simNow = start;
    private final List<Long> frameGaps = new ArrayList<>();
    private long lastPulse;
    private volatile long maxTickNanos;

    @Override
    public void start(Stage stage) throws Exception {
        long t0 = System.nanoTime();
        GridPane grid = new GridPane();
        Runnable onTick;
        if (mode.equals("canvas")) {
            onTick = canvas(grid);
        } else {
            onTick = lineCharts(grid);
        }
        stage.setScene(new Scene(grid, 1280, 800));
        stage.show();
        long setupMs = (System.nanoTime() - t0) / 1_000_000;

        DrainTimer timer = new DrainTimer(Duration.millis(250));
        timer.add(now -> {
            long t = System.nanoTime();
            onTick.run();
            maxTickNanos = Math.max(maxTickNanos, System.nanoTime() - t);
        });
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
        Thread measure = new Thread(() -> measure(fx, setupMs), "bench-measure");
        measure.setDaemon(true);
        measure.start();
    }

    private void measure(Thread fx, long setupMs) {
        try {
            Thread.sleep(5000); // warm-up
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            Thread renderer = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("QuantumRenderer")).findFirst().orElse(null);
            CountDownLatch reset = new CountDownLatch(1);
            Platform.runLater(() -> {
                frameGaps.clear();
                maxTickNanos = 0;
                reset.countDown();
            });
            reset.await();
            long wall0 = System.nanoTime();
            long fx0 = mx.getThreadCpuTime(fx.getId());
            long r0 = renderer == null ? 0 : mx.getThreadCpuTime(renderer.getId());
            Thread.sleep(measureSeconds * 1000L);
            long wall = System.nanoTime() - wall0;
            long fxCpu = mx.getThreadCpuTime(fx.getId()) - fx0;
            long rCpu = renderer == null ? 0 : mx.getThreadCpuTime(renderer.getId()) - r0;
            CountDownLatch done = new CountDownLatch(1);
            long[][] gaps = new long[1][];
            Platform.runLater(() -> {
                gaps[0] = frameGaps.stream().mapToLong(Long::longValue).toArray();
                done.countDown();
            });
            done.await(60, TimeUnit.SECONDS);
            long[] g = gaps[0] == null ? new long[0] : gaps[0];
            Arrays.sort(g);
            System.gc();
            Thread.sleep(300);
            Runtime rt = Runtime.getRuntime();
            long heapMb = (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
            double maxFrame = g.length == 0 ? Double.NaN : g[g.length - 1] / 1e6;
            double p99 = g.length == 0 ? Double.NaN : g[(int) Math.min(g.length - 1, g.length * 0.99)] / 1e6;
            System.out.printf(Locale.ROOT, "RESULT mode=%s series=%d points/series=3600 fxBusy=%.1f%% "
                            + "rendererBusy=%.1f%% frames=%d fps=%.1f maxFrameMs=%.1f p99FrameMs=%.1f maxDrainTickMs=%.1f heapMB=%d setupMs=%d%n",
                    mode, AGENTS * COUNTERS.length, 100.0 * fxCpu / wall, 100.0 * rCpu / wall, g.length,
                    g.length / (wall / 1e9), maxFrame, p99, maxTickNanos / 1e6, heapMb, setupMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Platform.exit();
        System.exit(0);
    }

    /** Feeds samples: the hour before start, then {@code speed} simulated seconds per real second. */
    private void feeder(SampleSink sink) {
        for (long t = start - WINDOW_MS; t < start; t += 1000) {
            for (int a = 0; a < AGENTS; a++) {
                for (int c = 0; c < COUNTERS.length; c++) {
                    sink.add(a, c, t, value(a, c, t));
                }
            }
        }
        Thread feed = new Thread(() -> {
            long sim = start;
            while (true) {
                try {
                    Thread.sleep(1000 / speed);
                } catch (InterruptedException e) {
                    return;
                }
                sim += 1000;
                for (int a = 0; a < AGENTS; a++) {
                    for (int c = 0; c < COUNTERS.length; c++) {
                        sink.add(a, c, sim, value(a, c, sim));
                    }
                }
                simNow = sim;
            }
        }, "bench-feed");
        feed.setDaemon(true);
        feed.start();
    }

    interface SampleSink {
        void add(int agent, int counter, long t, double v);
    }

    private Runnable canvas(GridPane grid) {
        CounterStore store = new CounterStore(4096);
        TimelineStore timeline = new TimelineStore();
        feeder((a, c, t, v) -> store.add(new SeriesKey("agent-" + a, COUNTERS[c]), t, v));
        List<TimeSeriesCanvas> charts = new ArrayList<>();
        List<ChartSpec> specs = new ArrayList<>();
        for (int a = 0; a < AGENTS; a++) {
            List<SeriesKey> keys = new ArrayList<>();
            for (String c : COUNTERS) {
                keys.add(new SeriesKey("agent-" + a, c));
            }
            specs.add(new ChartSpec("agent-" + a, keys, Double.NaN, ""));
            TimeSeriesCanvas canvas = new TimeSeriesCanvas(store, timeline);
            canvas.setPrefSize(320, 160);
            place(grid, canvas, a);
            charts.add(canvas);
        }
        return () -> {
            long now = simNow;
            for (int i = 0; i < charts.size(); i++) {
                charts.get(i).show(specs.get(i), now - WINDOW_MS, now);
            }
        };
    }

    private Runnable lineCharts(GridPane grid) {
        List<List<XYChart.Series<Number, Number>>> all = new ArrayList<>();
        ConcurrentLinkedQueue<double[]> inbox = new ConcurrentLinkedQueue<>();
        List<NumberAxis> xAxes = new ArrayList<>();
        for (int a = 0; a < AGENTS; a++) {
            NumberAxis x = new NumberAxis();
            x.setAutoRanging(false);
            x.setAnimated(false);
            NumberAxis y = new NumberAxis();
            y.setAnimated(false);
            LineChart<Number, Number> chart = new LineChart<>(x, y);
            chart.setAnimated(false);
            chart.setCreateSymbols(false);
            chart.setLegendVisible(false);
            chart.setTitle("agent-" + a);
            List<XYChart.Series<Number, Number>> series = new ArrayList<>();
            for (String c : COUNTERS) {
                XYChart.Series<Number, Number> s = new XYChart.Series<>();
                s.setName(c);
                series.add(s);
                chart.getData().add(s);
            }
            all.add(series);
            xAxes.add(x);
            chart.setPrefSize(320, 160);
            place(grid, chart, a);
        }
        // pre-fill directly (the same hour of points), then live points through the inbox
        List<List<List<XYChart.Data<Number, Number>>>> pre = new ArrayList<>();
        for (int a = 0; a < AGENTS; a++) {
            List<List<XYChart.Data<Number, Number>>> per = new ArrayList<>();
            for (int c = 0; c < COUNTERS.length; c++) {
                per.add(new ArrayList<>());
            }
            pre.add(per);
        }
        boolean[] live = {false};
        feeder((a, c, t, v) -> {
            if (!live[0]) {
                pre.get(a).get(c).add(new XYChart.Data<>((t - start) / 1000.0, v));
            } else {
                inbox.add(new double[] {a, c, (t - start) / 1000.0, v});
            }
        });
        live[0] = true;
        for (int a = 0; a < AGENTS; a++) {
            for (int c = 0; c < COUNTERS.length; c++) {
                all.get(a).get(c).getData().setAll(pre.get(a).get(c));
            }
        }
        return () -> {
            double[] p;
            while ((p = inbox.poll()) != null) {
                var data = all.get((int) p[0]).get((int) p[1]).getData();
                data.add(new XYChart.Data<>(p[2], p[3]));
                double cutoff = p[2] - WINDOW_MS / 1000.0;
                while (!data.isEmpty() && data.get(0).getXValue().doubleValue() < cutoff) {
                    data.remove(0);
                }
            }
            double now = (simNow - start) / 1000.0;
            for (NumberAxis x : xAxes) {
                x.setLowerBound(now - WINDOW_MS / 1000.0);
                x.setUpperBound(now);
                x.setTickUnit(600);
            }
        };
    }

    private static void place(GridPane grid, Region r, int i) {
        GridPane.setHgrow(r, Priority.ALWAYS);
        GridPane.setVgrow(r, Priority.ALWAYS);
        grid.add(r, i % 4, i / 4);
    }
}
