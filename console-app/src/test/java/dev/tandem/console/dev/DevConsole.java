package dev.tandem.console.dev;

/** DEV ONLY launcher (not an Application subclass, so a plain classpath works): see {@link DevConsoleMain}. */
public final class DevConsole {
    private DevConsole() {}

    public static void main(String[] args) throws Exception {
        DevConsoleMain.main(args);
    }
}
