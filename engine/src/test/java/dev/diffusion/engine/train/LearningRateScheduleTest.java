package dev.diffusion.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void constantScheduleKeepsTheBaseRate() {
        LearningRateSchedule s = LearningRateSchedule.constant(1e-3, 100);
        assertThat(s.at(0)).isEqualTo(1e-3);
        assertThat(s.at(57)).isEqualTo(1e-3);
        assertThat(s.at(500)).isEqualTo(1e-3);
    }

    @Test
    void linearScheduleIsTheCourseFormulaPerStep() {
        LearningRateSchedule s = LearningRateSchedule.linear(1e-3, 200);
        for (long step : new long[] {0, 1, 50, 199}) {
            assertThat(s.at(step)).isCloseTo(1e-3 * (1 - step / 200.0), within(1e-15));
        }
        assertThat(s.at(200)).isZero();
        assertThat(s.at(1000)).isZero();
    }

    @Test
    void warmUpRisesLinearlyFromTheFirstStep() {
        LearningRateSchedule s = new LearningRateSchedule(LearningRateSchedule.Kind.CONSTANT, 0.1, 100, 10);
        assertThat(s.at(0)).isCloseTo(0.01, within(1e-15));
        assertThat(s.at(4)).isCloseTo(0.05, within(1e-15));
        assertThat(s.at(9)).isCloseTo(0.1, within(1e-15));
        assertThat(s.at(10)).isEqualTo(0.1);
    }

    @Test
    void cosineScheduleFollowsHalfACosineAfterWarmUp() {
        LearningRateSchedule s = LearningRateSchedule.cosine(2.0, 110, 10);
        assertThat(s.at(10)).isCloseTo(2.0, within(1e-12));
        assertThat(s.at(60)).isCloseTo(1.0, within(1e-12));
        assertThat(s.at(35)).isCloseTo(0.5 * 2.0 * (1 + Math.cos(Math.PI * 0.25)), within(1e-12));
        assertThat(s.at(110)).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void linearDecayWithWarmUpDecaysOverTheRemainingSteps() {
        LearningRateSchedule s = new LearningRateSchedule(LearningRateSchedule.Kind.LINEAR, 1.0, 30, 10);
        assertThat(s.at(10)).isEqualTo(1.0);
        assertThat(s.at(20)).isCloseTo(0.5, within(1e-15));
    }

    @Test
    void warmupStableDecayHoldsTheRateThenDecaysLinearlyOverTheLastShare() {
        LearningRateSchedule s = LearningRateSchedule.warmupStableDecay(1.0, 100, 10, 0.2);
        assertThat(s.decaySteps()).isEqualTo(20);
        assertThat(s.at(0)).isCloseTo(0.1, within(1e-15));
        assertThat(s.at(10)).isEqualTo(1.0);
        assertThat(s.at(79)).isEqualTo(1.0);
        assertThat(s.at(80)).isEqualTo(1.0);
        assertThat(s.at(90)).isCloseTo(0.5, within(1e-15));
        assertThat(s.at(99)).isCloseTo(0.05, within(1e-15));
        assertThat(s.at(100)).isZero();
        assertThat(s.at(500)).isZero();
    }

    @Test
    void warmupStableDecayStartsItsDecayAfterAWarmUpThatReachesIntoIt() {
        LearningRateSchedule s = LearningRateSchedule.warmupStableDecay(1.0, 100, 90, 0.2);
        assertThat(s.at(89)).isCloseTo(1.0, within(1e-15));
        assertThat(s.at(90)).isEqualTo(1.0);
        assertThat(s.at(95)).isCloseTo(0.5, within(1e-15));
        assertThat(LearningRateSchedule.warmupStableDecay(1.0, 100, 0, 1.0).at(50))
                .isEqualTo(LearningRateSchedule.linear(1.0, 100).at(50));
        assertThat(LearningRateSchedule.warmupStableDecay(1.0, 3, 0, 0.01).decaySteps()).isEqualTo(1);
    }

    @Test
    void invalidSettingsAreRejectedWithTheFieldName() {
        assertThatThrownBy(() -> LearningRateSchedule.linear(0, 10)).hasMessageContaining("learning rate");
        assertThatThrownBy(() -> LearningRateSchedule.linear(1e-3, 0)).hasMessageContaining("total steps");
        assertThatThrownBy(() -> LearningRateSchedule.cosine(1e-3, 10, 10)).hasMessageContaining("warm-up");
        assertThatThrownBy(() -> LearningRateSchedule.warmupStableDecay(1e-3, 10, 0, 0))
                .hasMessageContaining("decay fraction");
        assertThatThrownBy(() -> new LearningRateSchedule(LearningRateSchedule.Kind.LINEAR, 1e-3, 10, 0, 5))
                .hasMessageContaining("only for WARMUP_STABLE_DECAY");
    }
}
