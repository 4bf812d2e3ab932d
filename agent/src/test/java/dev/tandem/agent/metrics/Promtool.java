package dev.tandem.agent.metrics;

import java.io.File;

/** Where the promtool tests find promtool (shared by the agent's and tools' -Ppromtool tests). */
public final class Promtool {
    private Promtool() {
    }

    public static String path() {
        String explicit = System.getenv("TANDEM_PROMTOOL");
        if (explicit != null && !explicit.isBlank()) {
            return explicit;
        }
        for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(p, "promtool");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        throw new AssertionError("promtool not found on PATH: install it (apt-get install prometheus; .ci/run does)"
                + " or set TANDEM_PROMTOOL");
    }
}
