package dev.tandem.console.util;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.util.Duration;

/**
 * The ONE timer on the FX thread: a few times a second it hands the current wall-clock
 * time to every registered drain task. Streams never post to the FX thread themselves.
 */
public final class DrainTimer {
    private final List<LongConsumer> tasks = new CopyOnWriteArrayList<>();
    private final Timeline timeline;
    private volatile long lastTickNanos;

    public DrainTimer(Duration period) {
        timeline = new Timeline(new KeyFrame(period, e -> tick()));
        timeline.setCycleCount(Animation.INDEFINITE);
    }

    public void add(LongConsumer task) {
        tasks.add(task);
    }

    public void start() {
        timeline.play();
    }

    public void stop() {
        timeline.stop();
    }

    /** Runs every task once, now (also used by tests to drain deterministically). */
    public void tick() {
        long start = System.nanoTime();
        long now = System.currentTimeMillis();
        for (LongConsumer task : tasks) {
            task.accept(now);
        }
        lastTickNanos = System.nanoTime() - start;
    }

    public long lastTickNanos() {
        return lastTickNanos;
    }
}
