package dev.tandem.console;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the console is doing while it starts, one line each, so the README's command never sits
 * silent (Maven runs quiet). The console's log configuration prints this logger alone on standard
 * output; milliseconds since the JVM started show where the start-up time goes.
 */
final class Progress {
    private static final Logger log = LoggerFactory.getLogger(Progress.class);
    private static final long STARTED = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();

    private Progress() {}

    static void say(String what) {
        log.info("[{} ms] {}", String.format("%,d", System.currentTimeMillis() - STARTED), what);
    }
}
