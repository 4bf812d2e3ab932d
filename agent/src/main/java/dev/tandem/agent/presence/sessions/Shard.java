package dev.tandem.agent.presence.sessions;

import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shard of the session manager: the sessions of the users whose id hashes here, guarded
 * by this object's monitor, and the messages to their connections. Messages are queued while
 * the monitor is held and written by {@link #flush} after it is released, so a slow network
 * write never blocks another login on the shard. One thread at a time drains the queue, in
 * the order the messages were queued: every message of a connection goes through the shard of
 * its user, so each connection receives them in the order the session manager decided them.
 */
final class Shard {
    private static final Logger log = LoggerFactory.getLogger(Shard.class);

    /** Guarded by this shard's monitor. */
    final Map<String, JsmSession> sessions = new HashMap<>();
    private final Queue<Runnable> outgoing = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    /** Queues a write to a connection; call with the monitor held (or at least in decision order). */
    void post(Runnable write) {
        outgoing.add(write);
    }

    /**
     * Writes what is queued, unless another thread is already at it (that thread then writes
     * these too). Call without holding the monitor.
     */
    void flush() {
        while (!outgoing.isEmpty() && draining.compareAndSet(false, true)) {
            try {
                Runnable w;
                while ((w = outgoing.poll()) != null) {
                    try {
                        w.run();
                    } catch (RuntimeException e) {
                        // one broken connection must not stop the others' messages
                        log.warn("write to a client connection failed: {}", e.toString());
                    }
                }
            } finally {
                draining.set(false);
            }
        }
    }
}
