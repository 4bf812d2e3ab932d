package dev.tandem.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VirtualTimeTest {
    @Test
    void wordsAreExactAndShort() {
        assertThat(VirtualTime.words(0)).isEqualTo("0 ms");
        assertThat(VirtualTime.words(302)).isEqualTo("302 ms");
        assertThat(VirtualTime.words(10_000)).isEqualTo("10 s");
        assertThat(VirtualTime.words(10_002)).isEqualTo("10.002 s");
        assertThat(VirtualTime.words(1_500)).isEqualTo("1.5 s");
        assertThat(VirtualTime.words(90_000)).isEqualTo("1 min 30 s");
        assertThat(VirtualTime.words(120_000)).isEqualTo("2 min");
        assertThat(VirtualTime.words(60_250)).isEqualTo("1 min 250 ms");
    }
}
