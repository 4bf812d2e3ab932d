package dev.tandem.console.charts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeriesBufferTest {

    @Test
    void keepsTheNewestSamplesWhenFullAndIgnoresDuplicates() {
        SeriesBuffer b = new SeriesBuffer(4);
        for (int t = 1; t <= 6; t++) {
            assertThat(b.add(t * 1000L, t)).isTrue();
        }
        assertThat(b.add(6000, 99)).as("same time from a second agent").isFalse();
        assertThat(b.size()).isEqualTo(4);
        assertThat(b.stats(0, Long.MAX_VALUE)).isEqualTo(new Stats(3, 6, 4.5, 6, 4));
    }

    @Test
    void reducesToMinMaxFirstLastPerPixelColumn() {
        SeriesBuffer b = new SeriesBuffer(4096);
        for (int i = 0; i < 3600; i++) {
            b.add(i * 1000L, i % 10); // a sawtooth, 1 Hz for an hour
        }
        Columns c = new Columns(360); // 10 samples per column
        b.reduce(0, 3_600_000, c);
        assertThat(c.min(0)).isEqualTo(0);
        assertThat(c.max(0)).isEqualTo(9);
        assertThat(c.first(5)).isEqualTo(0);
        assertThat(c.last(5)).isEqualTo(9);
        assertThat(c.max(359)).isEqualTo(9);
    }

    @Test
    void emptyColumnsStayEmptyAndStatsCoverOnlyTheWindow() {
        SeriesBuffer b = new SeriesBuffer(16);
        b.add(1000, 5);
        b.add(9000, 7);
        Columns c = new Columns(10);
        b.reduce(0, 10_000, c);
        assertThat(c.min(1)).isEqualTo(5);
        assertThat(Double.isNaN(c.min(4))).isTrue();
        assertThat(b.stats(5000, 10_000)).isEqualTo(new Stats(7, 7, 7, 7, 1));
        assertThat(b.stats(20_000, 30_000).count()).isZero();
    }

    @Test
    void nearestSampleOnEitherSide() {
        SeriesBuffer b = new SeriesBuffer(8);
        assertThat(b.nearest(5)).isNull();
        b.add(1000, 1);
        b.add(2000, 2);
        b.add(4000, 4);
        assertThat(b.nearest(0)).containsExactly(1000, 1);
        assertThat(b.nearest(1400)).containsExactly(1000, 1);
        assertThat(b.nearest(1600)).containsExactly(2000, 2);
        assertThat(b.nearest(3100)).containsExactly(4000, 4);
        assertThat(b.nearest(9000)).containsExactly(4000, 4);
    }
}
