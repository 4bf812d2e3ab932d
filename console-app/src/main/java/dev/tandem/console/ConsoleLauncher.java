package dev.tandem.console;

import javafx.application.Application;

/** Main class of the fat jar: does not extend Application, so plain {@code java -jar} works. */
public final class ConsoleLauncher {
    private ConsoleLauncher() {}

    public static void main(String[] args) {
        try {
            ConsoleOptions.parse(java.util.List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
        Application.launch(ConsoleApp.class, args);
    }
}
