package dev.tandem.agent.fence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pause fence on a virtual monotonic clock. */
class PauseFenceTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicLong wall = new AtomicLong(1_700_000_000_000L);
    /** The seq of the last message this node stamped for its peer. */
    private final AtomicLong ownSeq = new AtomicLong(40);
    private final PauseFence fence = new PauseFence(nanos::get, ownSeq::get, wall::get, 50, 2000);

    private void advanceMs(long ms) {
        nanos.addAndGet(ms * 1_000_000L);
        wall.addAndGet(ms);
    }

    private void runFor(long ms) {
        for (long t = 0; t < ms; t += 50) {
            advanceMs(50);
            fence.tick();
        }
    }

    @Test
    void aRunningNodeAcceptsLoginsEvenWhenItsWatchdogIsLateByLessThanTheTimeout() {
        runFor(1000);
        assertThat(fence.refusal()).isEmpty();
        advanceMs(1500); // CPU contention: a late tick is not a pause
        fence.tick();
        assertThat(fence.refusal()).isEmpty();
        assertThat(fence.fenced()).isFalse();
    }

    @Test
    void afterAPauseLongerThanTheTimeoutLoginsAreRefusedUntilThePeerIsHeard() {
        List<Long> told = new ArrayList<>();
        fence.setListener(told::add);
        runFor(500);

        advanceMs(10_000); // SIGSTOP for 10 s
        assertThat(fence.refusal()).as("resumed, before the watchdog ran: already refused").isPresent();
        fence.tick();
        assertThat(told).containsExactly(10_000L);
        runFor(1000);
        assertThat(fence.refusal()).get().asString().contains("paused for 10000 ms");

        // composed during the pause (the peer had heard seq 40, sent before it), read only now: stale
        fence.peerStatusHeard(40, wall.get());
        assertThat(fence.fenced()).isTrue();
        ownSeq.set(41); // this node's first message after the resume
        fence.peerStatusHeard(40, wall.get());
        assertThat(fence.fenced()).as("the peer has not heard it yet").isTrue();
        fence.peerStatusHeard(41, wall.get());
        assertThat(fence.refusal()).isEmpty();
    }

    @Test
    void aSteppedClockOnEitherNodeNeitherLiftsTheFenceEarlyNorHoldsItShut() {
        runFor(500);
        advanceMs(10_000);
        fence.tick();
        // the peer's clock is 2 h ahead: by its time this stale status was sent long after the resume
        fence.peerStatusHeard(40, wall.get() + 7_200_000);
        assertThat(fence.fenced()).as("a stale status, whatever its sent time").isTrue();
        wall.addAndGet(-4_600_000); // this node's own clock steps back 4,600 s
        ownSeq.set(44);
        fence.peerStatusHeard(41, wall.get() - 9_000_000); // sent time far in the past, but composed after the resume
        assertThat(fence.fenced()).isFalse();
    }

    @Test
    void aPeerThatReportsNoSeqIsJudgedByItsSentTime() {
        runFor(500);
        advanceMs(10_000);
        fence.tick();
        long resumedAt = wall.get();
        fence.peerStatusHeard(PauseFence.NOT_REPORTED, resumedAt - 5000);
        assertThat(fence.fenced()).isTrue();
        fence.peerStatusHeard(PauseFence.NOT_REPORTED, resumedAt + 200);
        assertThat(fence.fenced()).isFalse();
    }

    @Test
    void theSrmConfirmingItsPeersSilenceLiftsTheFence() {
        advanceMs(3000);
        fence.tick();
        assertThat(fence.fenced()).isTrue();
        fence.peerSilenceConfirmed();
        assertThat(fence.fenced()).isFalse();
        assertThat(fence.refusal()).isEmpty();
    }

    @Test
    void badParametersAreRefused() {
        assertThatThrownBy(() -> new PauseFence(nanos::get, ownSeq::get, wall::get, 0, 2000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PauseFence(nanos::get, ownSeq::get, wall::get, 1000, 1500)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("> 2 ticks");
    }

    @Test
    void aChangedHeartbeatTimeoutIsTheMeasureOfAPauseFromThenOn() {
        runFor(500);
        fence.timeoutChanged(6000); // an admin lengthened the heartbeat timeout
        advanceMs(3000);
        fence.tick();
        assertThat(fence.fenced()).as("3 s is no pause under a 6 s timeout").isFalse();

        fence.timeoutChanged(1000);
        runFor(200);
        advanceMs(1500);
        fence.tick();
        assertThat(fence.fenced()).as("1.5 s is one under a 1 s timeout").isTrue();
    }
}
