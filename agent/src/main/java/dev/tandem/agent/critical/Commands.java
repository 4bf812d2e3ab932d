package dev.tandem.agent.critical;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs a shell command with a time limit; a non-zero exit is an error carrying the output's last line. */
final class Commands {
    static final long LIMIT_MS = 30_000;

    private Commands() {
    }

    static void run(String cmd) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", cmd).redirectErrorStream(true).start();
        if (!p.waitFor(LIMIT_MS, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("'" + cmd + "' did not finish within " + LIMIT_MS / 1000 + " s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.exitValue() != 0) {
            String last = out.isEmpty() ? "" : ": " + out.substring(out.lastIndexOf('\n') + 1);
            throw new IllegalStateException("'" + cmd + "' exited with " + p.exitValue() + last);
        }
    }
}
