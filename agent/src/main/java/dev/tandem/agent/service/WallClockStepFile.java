package dev.tandem.agent.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test hook for an agent running as its own process (the fault campaign, issue 10): steps the
 * agent's {@link WallClock} to the offset written in a file, as an NTP or operator step of the
 * machine's clock would, without touching the machine's clock. Off unless the JVM is started with
 * {@code -D}{@value #PROPERTY}{@code =PATH}; the file holds the total offset in milliseconds
 * (signed; absent = 0) and is read every 100 ms.
 */
final class WallClockStepFile implements AutoCloseable {
    static final String PROPERTY = "tandem.test.wall-clock-file";
    private static final Logger log = LoggerFactory.getLogger(WallClockStepFile.class);

    private final Path file;
    private final WallClock wall;
    private final ScheduledExecutorService poller;

    WallClockStepFile(Path file, WallClock wall) {
        this.file = file;
        this.wall = wall;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wall-clock-step-file");
            t.setDaemon(true);
            return t;
        });
    }

    private WallClockStepFile start() {
        poller.scheduleWithFixedDelay(this::apply, 0, 100, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Starts the hook when the system property names a file; null otherwise. */
    static WallClockStepFile startIfConfigured(WallClock wall) {
        String path = System.getProperty(PROPERTY);
        if (path == null || path.isBlank()) {
            return null;
        }
        log.warn("test hook on: the wall clock follows the offset in {}", path);
        return new WallClockStepFile(Path.of(path), wall).start();
    }

    /** Reads the wanted total offset and steps the clock by the difference; one read, no retries. */
    void apply() {
        long wanted;
        try {
            wanted = Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (NoSuchFileException e) {
            wanted = 0;
        } catch (IOException | NumberFormatException e) {
            return; // empty or half-written: the next read sees the whole value
        }
        long delta = wanted - wall.offsetMs();
        if (delta != 0) {
            wall.step(delta);
            log.warn("wall clock stepped by {} ms (test hook; total offset {} ms)", delta, wanted);
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
