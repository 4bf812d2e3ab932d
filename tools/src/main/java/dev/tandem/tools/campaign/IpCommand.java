package dev.tandem.tools.campaign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the netns mode's {@code ip} commands (short, small output). */
final class IpCommand {
    private IpCommand() {
    }

    /** Its output; a non-zero exit is an IOException naming the command and its output's first line. */
    static String run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": no answer within 10 s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", cmd) + ": interrupted", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + ")"
                    + (out.isEmpty() ? "" : ": " + out.lines().findFirst().orElse("")));
        }
        return out;
    }

    /** A step allowed to fail (e.g. nothing to remove): its output, or "" on any failure. */
    static String quietly(List<String> cmd) {
        try {
            return run(cmd);
        } catch (IOException e) {
            return "";
        }
    }
}
