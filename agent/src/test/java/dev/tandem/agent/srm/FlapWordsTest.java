package dev.tandem.agent.srm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The anti-flapping limits' ranges and the window as a sentence says it. */
class FlapWordsTest {

    @Test
    void aDurationIsSaidInTheLargestWholeUnit() {
        assertThat(Durations.words(3_600_000)).isEqualTo("1 h");
        assertThat(Durations.words(7_200_000)).isEqualTo("2 h");
        assertThat(Durations.words(5_400_000)).isEqualTo("90 min");
        assertThat(Durations.words(60_000)).isEqualTo("1 min");
        assertThat(Durations.words(90_000)).isEqualTo("90 s");
        assertThat(Durations.words(1_000)).isEqualTo("1 s");
        assertThat(Durations.words(1_500)).isEqualTo("1500 ms");
        assertThat(Durations.words(0)).isEqualTo("0 s");
    }

    @Test
    void theHeldSentenceNamesTheLimits() {
        assertThat(FlapGuard.held(new FlapLimits(3, 3_600_000)))
                .isEqualTo("automatic fallback held: 3 automatic failovers within 1 h (flapping);"
                        + " fall back by hand when the cause is fixed");
    }

    @Test
    void limitsOutsideTheirRangeAreRefusedAndTheEdgesAllowed() {
        assertThat(new FlapLimits(0, 0).off()).isTrue();
        assertThat(new FlapLimits(1_000, 7L * 86_400_000L).maxFailovers()).isEqualTo(1_000);
        assertThatThrownBy(() -> new FlapLimits(-1, 60_000)).hasMessageContaining("flap.max-failovers: -1");
        assertThatThrownBy(() -> new FlapLimits(1_001, 60_000)).hasMessageContaining("outside 0..1000");
        assertThatThrownBy(() -> new FlapLimits(3, -1)).hasMessageContaining("flap.window: -1 ms");
        assertThatThrownBy(() -> new FlapLimits(3, 7L * 86_400_000L + 1)).hasMessageContaining("outside 0..7 days");
    }
}
