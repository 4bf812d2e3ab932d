package dev.tandem.console.testing;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testfx.util.WaitForAsyncUtils;

/** Waits, with a bound, for a condition read after the FX thread has run what was queued. */
public final class FxWait {
    private FxWait() {}

    /** Fails after 5 s. */
    public static void until(Callable<Boolean> c) {
        try {
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> {
                WaitForAsyncUtils.waitForFxEvents();
                return c.call();
            });
        } catch (TimeoutException e) {
            throw new AssertionError("condition not met within 5 s", e);
        }
    }
}
