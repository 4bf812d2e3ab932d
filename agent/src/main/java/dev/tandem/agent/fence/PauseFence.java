package dev.tandem.agent.fence;

import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Self-fencing after a pause (issue 10). A node that was not running for longer than the
 * heartbeat timeout (SIGSTOP, a long GC, a frozen VM) may have been declared lost by its peer,
 * which may now serve this node's users. Until it has heard its peer's current status it must
 * not let a user log in ACTIVE here.
 *
 * <p>A watchdog thread calls {@link #tick()} every {@code tickMs}. A login is allowed only while
 * the last tick is recent (so even the first login after a resume, which may run before the
 * watchdog has woken, is refused) and no pause is unresolved. A gap of more than
 * {@code timeoutMs} between ticks opens a fence that only {@link #peerStatusHeard} (a status the
 * peer composed after the gap) or {@link #peerSilenceConfirmed()} (the SRM saw its peer silent for
 * a full timeout after the gap, and decided by its own rules) closes.
 *
 * <p>"Composed after the gap" is told by sequence numbers, not clocks: when the fence opens it
 * notes the seq of the next message this node will send to its peer; a peer status that reports
 * having heard that seq (heartbeat {@code heard_seq}) was composed after the resume, whatever the
 * two machines' wall clocks say (a clock stepped on either node, issue 11, cannot lift the fence
 * early nor hold it shut). Only a status from an older peer that does not report it is judged by
 * its sent time against this node's wall clock.
 *
 * <p>Time is a monotonic nanosecond source that keeps running while the process is stopped
 * (System::nanoTime, CLOCK_MONOTONIC). Thread-safe.
 */
public final class PauseFence {
    /** Told once per pause, on the watchdog thread. */
    public interface Listener {
        void paused(long gapMs);
    }

    /** {@link #peerStatusHeard}'s heardSeq for a peer that does not report what it heard. */
    public static final long NOT_REPORTED = -1;

    private final LongSupplier nanos;
    private final LongSupplier lastOwnSeq;
    private final LongSupplier wallMs;
    private long fenceSeq;
    private long resumedAtWallMs = Long.MIN_VALUE;
    private final long tickMs;
    private volatile long timeoutMs;
    private volatile Listener listener = gap -> { };
    private long lastTickNanos;
    private long fencedAtNanos = -1;
    private long lastGapMs;

    /**
     * @param lastOwnSeq the seq of the last message this node stamped for its peer (PeerLink)
     * @param wallMs     this machine's wall clock, only for statuses of a peer that reports no seq
     */
    public PauseFence(LongSupplier nanos, LongSupplier lastOwnSeq, LongSupplier wallMs, long tickMs, long timeoutMs) {
        if (tickMs <= 0 || timeoutMs <= 2 * tickMs) {
            throw new IllegalArgumentException("the pause fence needs 0 < tick (" + tickMs
                    + " ms) and timeout (" + timeoutMs + " ms) > 2 ticks");
        }
        this.nanos = nanos;
        this.lastOwnSeq = lastOwnSeq;
        this.wallMs = wallMs;
        this.tickMs = tickMs;
        this.timeoutMs = timeoutMs;
        this.lastTickNanos = nanos.getAsLong();
    }

    /**
     * The heartbeat timeout changed (an admin's parameter change): a pause is now measured
     * against it. At least just over two ticks, as at construction.
     */
    public void timeoutChanged(long newTimeoutMs) {
        timeoutMs = Math.max(newTimeoutMs, 2 * tickMs + 1);
    }

    public void setListener(Listener l) {
        listener = l == null ? gap -> { } : l;
    }

    /** The watchdog's beat; opens the fence when the gap since the last beat exceeds the timeout. */
    public void tick() {
        long now = nanos.getAsLong();
        long gapMs;
        synchronized (this) {
            gapMs = (now - lastTickNanos) / 1_000_000;
            lastTickNanos = now;
            if (gapMs <= timeoutMs) {
                return;
            }
            fencedAtNanos = now;
            // any message stamped from here on was sent after the resume
            fenceSeq = lastOwnSeq.getAsLong() + 1;
            resumedAtWallMs = wallMs.getAsLong();
            lastGapMs = gapMs;
        }
        listener.paused(gapMs);
    }

    /**
     * A status of the peer arrived. Only one the peer composed after this node resumed closes the
     * fence: requests the peer sent during the pause wait in the socket buffers and are read
     * first, and they predate the peer's decision.
     *
     * @param heardSeq     the highest seq of this node's current incarnation the peer had heard
     *                     when it composed the status (0: none of this incarnation), or
     *                     {@link #NOT_REPORTED} for a peer that does not say
     * @param sentAtWallMs when the peer sent it by its clock (used only with NOT_REPORTED)
     */
    public synchronized void peerStatusHeard(long heardSeq, long sentAtWallMs) {
        if (fencedAtNanos < 0) {
            return;
        }
        boolean after = heardSeq == NOT_REPORTED ? sentAtWallMs >= resumedAtWallMs - tickMs : heardSeq >= fenceSeq;
        if (after) {
            fencedAtNanos = -1;
        }
    }

    /** The SRM saw its peer silent for a full timeout after the gap and acted on it by its own rules. */
    public synchronized void peerSilenceConfirmed() {
        fencedAtNanos = -1;
    }

    /** Empty when an ACTIVE login may be accepted now; else why not (for the client's refusal). */
    public Optional<String> refusal() {
        long now = nanos.getAsLong();
        synchronized (this) {
            long sinceTickMs = (now - lastTickNanos) / 1_000_000;
            if (fencedAtNanos >= 0) {
                return Optional.of("this node was paused for " + lastGapMs
                        + " ms and has not heard its peer since; its peer may serve the user");
            }
            if (sinceTickMs > timeoutMs) {
                // the watchdog has not run for a while: this node may just be resuming from a pause
                return Optional.of("this node's watchdog has not run for " + sinceTickMs + " ms");
            }
            return Optional.empty();
        }
    }

    public synchronized boolean fenced() {
        return fencedAtNanos >= 0;
    }

    public long tickMs() {
        return tickMs;
    }
}
