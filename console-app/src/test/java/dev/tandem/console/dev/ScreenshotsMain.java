package dev.tandem.console.dev;

/** Launcher for {@link Screenshots} (not an Application subclass, so a plain classpath works). */
public final class ScreenshotsMain {
    private ScreenshotsMain() {}

    public static void main(String[] args) throws Exception {
        Screenshots.main(args);
    }
}
