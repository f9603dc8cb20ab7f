package dev.diffusion.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SeededRandomTest {

    @Test
    void equalSeedsGiveEqualStreamsAndDifferentSeedsDiffer() {
        SeededRandom a = new SeededRandom(42);
        SeededRandom b = new SeededRandom(42);
        SeededRandom c = new SeededRandom(43);
        long a1 = a.nextLong();
        assertThat(b.nextLong()).isEqualTo(a1);
        assertThat(c.nextLong()).isNotEqualTo(a1);
    }

    @Test
    void restoredStateContinuesTheSameStream() {
        SeededRandom a = new SeededRandom(7);
        a.gaussian(11);
        SeededRandom resumed = SeededRandom.fromState(a.state());
        assertThat(resumed.gaussian(5)).containsExactly(a.gaussian(5));
        assertThat(resumed.nextInt(1000)).isEqualTo(a.nextInt(1000));
    }

    @Test
    void boundedIntsStayInRangeAndCoverIt() {
        SeededRandom r = new SeededRandom(1);
        int[] counts = new int[7];
        for (int i = 0; i < 70_000; i++) {
            counts[r.nextInt(7)]++;
        }
        for (int count : counts) {
            assertThat(count).isBetween(9_400, 10_600);
        }
    }

    @Test
    void gaussianValuesHaveZeroMeanAndUnitVariance() {
        float[] x = new SeededRandom(3).gaussian(200_001);
        double sum = 0;
        double sumSq = 0;
        for (float v : x) {
            sum += v;
            sumSq += v * v;
        }
        double mean = sum / x.length;
        assertThat(mean).isCloseTo(0.0, within(0.01));
        assertThat(sumSq / x.length - mean * mean).isCloseTo(1.0, within(0.01));
    }
}
