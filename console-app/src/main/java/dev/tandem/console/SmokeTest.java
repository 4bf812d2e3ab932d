package dev.tandem.console;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.stage.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code --smoke-test}: once the console's window shows, say so and quit; give up after a minute. */
final class SmokeTest {
    private static final Logger log = LoggerFactory.getLogger(SmokeTest.class);
    private static final long LIMIT_MS = 60_000;
    private static final java.util.concurrent.atomic.AtomicBoolean PASSED = new java.util.concurrent.atomic.AtomicBoolean();

    private SmokeTest() {}

    static boolean passed() {
        return PASSED.get();
    }

    static void watch() {
        Thread t = new Thread(SmokeTest::run, "smoke-test");
        t.setDaemon(true);
        t.start();
    }

    private static void run() {
        long deadline = System.currentTimeMillis() + LIMIT_MS;
        try {
            while (System.currentTimeMillis() < deadline) {
                CountDownLatch asked = new CountDownLatch(1);
                try {
                    Platform.runLater(() -> {
                        if (Window.getWindows().stream().anyMatch(Window::isShowing) && PASSED.compareAndSet(false, true)) {
                            log.info("smoke test passed: the console window showed");
                            Platform.exit();
                        }
                        asked.countDown();
                    });
                } catch (IllegalStateException notStartedYet) {
                    asked.countDown();
                }
                asked.await(1, TimeUnit.SECONDS);
                if (PASSED.get()) {
                    return;
                }
                Thread.sleep(250); // polling a running program, not waiting in a test
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.error("smoke test failed: no window within {} s", LIMIT_MS / 1000);
        System.exit(1);
    }
}
