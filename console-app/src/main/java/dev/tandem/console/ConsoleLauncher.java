package dev.tandem.console;

import java.util.ArrayList;
import java.util.List;
import javafx.application.Application;

/** Main class of the fat jar and the application image: does not extend Application, so plain
 * {@code java -jar} works. {@code --smoke-test} (first argument) starts the console, waits for its
 * window, prints one line and exits 0 (exit 1 when no window shows within a minute): the
 * packaging checks run it headless under Xvfb. */
public final class ConsoleLauncher {
    static final String SMOKE_TEST = "--smoke-test";

    private ConsoleLauncher() {}

    /** The console's log configuration (a resource); {@code -Dlogback.configurationFile} overrides it. */
    static final String LOG_CONFIG = "tandem-console-logback.xml";

    public static void main(String[] args) {
        // before anything logs: the demo pair brings the agent's logback.xml onto the class path too
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOG_CONFIG);
        }
        List<String> rest = new ArrayList<>(List.of(args));
        boolean smoke = rest.remove(SMOKE_TEST);
        try {
            ConsoleOptions.parse(rest);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
        if (smoke) {
            SmokeTest.watch();
        }
        Progress.say("opening the window…");
        Application.launch(ConsoleApp.class, rest.toArray(String[]::new));
        if (smoke) {
            System.exit(SmokeTest.passed() ? 0 : 1);
        }
    }
}
