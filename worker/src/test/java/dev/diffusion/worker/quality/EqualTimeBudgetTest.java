package dev.diffusion.worker.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EqualTimeBudgetTest {

    private final EqualTimeBudget budget = new EqualTimeBudget(1000, 0.03);

    @Test
    void aRecipeClearlySlowerInEveryRoundGetsStepsByTheMedianRatio() {
        double[] course = {2.0, 2.2, 2.1};
        double[] slower = {2.5, 2.64, 2.625};

        assertThat(budget.stepsFor(course, slower)).isEqualTo(800);
    }

    @Test
    void aRecipeClearlyFasterInEveryRoundGetsMoreSteps() {
        assertThat(budget.stepsFor(new double[] {3.0, 3.0, 3.0}, new double[] {2.0, 2.5, 2.4})).isEqualTo(1250);
    }

    @Test
    void speedsWithinTheToleranceKeepTheReferenceSteps() {
        assertThat(budget.stepsFor(new double[] {2.0, 2.0, 2.0}, new double[] {2.04, 2.05, 2.03})).isEqualTo(1000);
    }

    @Test
    void roundsThatDisagreeOnWhichRecipeIsFasterAreNoise() {
        double[] course = {4.0, 4.6, 4.2};
        double[] recipe = {4.4, 4.0, 3.8};

        assertThat(budget.stepsFor(course, recipe)).as("median ratio 1.10, but one round found it slower")
                .isEqualTo(1000);
    }

    @Test
    void theMedianOfRoundsIsTheMiddleValue() {
        assertThat(EqualTimeBudget.median(new double[] {3.0, 1.0, 2.0})).isEqualTo(2.0);
    }

    @Test
    void roundsMustMatchAndBePositive() {
        assertThatThrownBy(() -> budget.stepsFor(new double[] {1.0}, new double[] {1.0, 1.0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same number of rounds");
        assertThatThrownBy(() -> budget.stepsFor(new double[] {1.0}, new double[] {0.0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> new EqualTimeBudget(0, 0.03)).isInstanceOf(IllegalArgumentException.class);
    }
}
