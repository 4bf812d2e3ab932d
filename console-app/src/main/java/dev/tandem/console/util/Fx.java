package dev.tandem.console.util;

import java.util.concurrent.Executor;
import javafx.application.Platform;

/** The one place that knows how to get onto the FX application thread. */
public final class Fx {
    private Fx() {}

    /** Runs now when already on the FX thread, else posts it. */
    public static void run(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            Platform.runLater(r);
        }
    }

    /** An executor that runs its tasks on the FX thread (for results of background calls). */
    public static Executor executor() {
        return Fx::run;
    }
}
