package dev.tandem.agent.runtime;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns a node's SRM and everything around it. Work reaches it by
 * {@link #post} (fire and forget) or {@link #call} (wait for the answer); methods that must
 * only run here start with {@link #assertOnActor()}, so a call from another thread fails
 * loudly instead of racing.
 */
final class SrmActor {
    private static final Logger log = LoggerFactory.getLogger(SrmActor.class);
    private final String name;
    private final ScheduledExecutorService executor;
    private volatile Thread thread;

    SrmActor(String node) {
        this.name = "srm-" + node;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            thread = t; // a replacement thread (after an uncaught error) becomes the actor
            return t;
        });
    }

    /** Throws unless the caller runs on this actor's thread. */
    void assertOnActor() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("must run on the SRM thread " + name + ", not on "
                    + Thread.currentThread().getName());
        }
    }

    /** Runs {@code work} on the actor and waits for its result (never call this from the actor itself). */
    <T> T call(Callable<T> work, long timeoutMs) throws Exception {
        Future<T> f = executor.submit(work);
        try {
            return f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        } catch (TimeoutException e) {
            f.cancel(false);
            throw new IllegalStateException("the SRM thread " + name + " did not answer within " + timeoutMs + " ms");
        }
    }

    /** Queues {@code work} on the actor; false when the actor has stopped (the agent is stopping). */
    boolean post(Runnable work) {
        try {
            executor.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException | Error e) {
                    // the executor would keep it in a future nobody reads: say it loudly
                    log.error("{}: a task on the SRM thread failed", name, e);
                }
            });
            return true;
        } catch (RejectedExecutionException stopped) {
            return false;
        }
    }

    /** Runs {@code work} on the actor after {@code delayMs}; null when the actor has stopped. */
    ScheduledFuture<?> schedule(Runnable work, long delayMs) {
        try {
            return executor.schedule(work, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            return null;
        }
    }

    boolean isStopped() {
        return executor.isShutdown();
    }

    void stop() {
        executor.shutdownNow();
    }
}
