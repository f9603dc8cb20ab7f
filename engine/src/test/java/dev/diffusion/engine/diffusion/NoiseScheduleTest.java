package dev.diffusion.engine.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NoiseScheduleTest {

    private static final double EPS = 1e-12;

    @Test
    void linearScheduleRunsEvenlyFromBetaStartToBetaEnd() {
        NoiseSchedule schedule = NoiseSchedule.linear(1000);
        double[] betas = schedule.betas();

        assertThat(betas).hasSize(1000);
        assertThat(betas[0]).isCloseTo(1e-4, within(EPS));
        assertThat(betas[999]).isCloseTo(0.02, within(EPS));
        double spacing = (0.02 - 1e-4) / 999;
        for (int t = 1; t < betas.length; t++) {
            assertThat(betas[t] - betas[t - 1]).isCloseTo(spacing, within(EPS));
        }
    }

    @Test
    void alphaBarIsTheRunningProductOfAlphas() {
        NoiseSchedule schedule = NoiseSchedule.linear(50, 0.001, 0.2);
        double product = 1.0;
        for (int t = 0; t < 50; t++) {
            assertThat(schedule.alphaBarPrev(t)).isCloseTo(product, within(EPS));
            product *= 1.0 - schedule.beta(t);
            assertThat(schedule.alpha(t)).isCloseTo(1.0 - schedule.beta(t), within(EPS));
            assertThat(schedule.alphaBar(t)).isCloseTo(product, within(EPS));
        }
        assertThat(schedule.alphaBarPrev(0)).isEqualTo(1.0);
        assertThat(schedule.alphaBarOrOne(-1)).isEqualTo(1.0);
    }

    @Test
    void cosineAlphaBarMatchesImprovedDdpmFormula() {
        int steps = 1000;
        double s = 0.008;
        NoiseSchedule schedule = NoiseSchedule.cosine(steps, s);
        for (int t : new int[] {0, 1, 10, 250, 500, 900}) {
            double expected = f(t + 1, steps, s) / f(0, steps, s);
            assertThat(schedule.alphaBar(t)).isCloseTo(expected, within(1e-9));
        }
    }

    @Test
    void cosineBetasAreCappedAtPointNineNineNine() {
        NoiseSchedule schedule = NoiseSchedule.cosine(1000);
        double[] betas = schedule.betas();

        for (double beta : betas) {
            assertThat(beta).isPositive().isLessThanOrEqualTo(0.999);
        }
        assertThat(betas[999]).isEqualTo(0.999);
    }

    @Test
    void sigmoidScheduleFollowsTheAnnotatedDiffusionFormula() {
        NoiseSchedule schedule = NoiseSchedule.sigmoid(7, 1e-4, 0.02);
        for (int t = 0; t < 7; t++) {
            double u = -6.0 + 2.0 * t;
            double expected = (0.02 - 1e-4) / (1.0 + Math.exp(-u)) + 1e-4;
            assertThat(schedule.beta(t)).isCloseTo(expected, within(EPS));
        }
        assertThat(schedule.beta(3)).isCloseTo((0.02 + 1e-4) / 2, within(EPS));
    }

    @ParameterizedTest
    @EnumSource(ScheduleKind.class)
    void everyScheduleHasIncreasingBetasAndDecreasingAlphaBar(ScheduleKind kind) {
        NoiseSchedule schedule = kind.create(300, 1e-4, 0.02);
        for (int t = 1; t < 300; t++) {
            assertThat(schedule.beta(t)).isGreaterThanOrEqualTo(schedule.beta(t - 1));
            assertThat(schedule.alphaBar(t)).isLessThan(schedule.alphaBar(t - 1));
            assertThat(schedule.snr(t)).isLessThan(schedule.snr(t - 1));
        }
        assertThat(schedule.alphaBar(299)).isLessThan(0.1);
    }

    @Test
    void posteriorVarianceIsBetaTimesRatioOfNoiseLevels() {
        NoiseSchedule schedule = NoiseSchedule.linear(100);
        assertThat(schedule.posteriorVariance(0)).isZero();
        for (int t = 1; t < 100; t++) {
            double expected = schedule.beta(t) * (1 - schedule.alphaBar(t - 1)) / (1 - schedule.alphaBar(t));
            assertThat(schedule.posteriorVariance(t)).isCloseTo(expected, within(EPS));
            assertThat(schedule.posteriorVariance(t)).isLessThanOrEqualTo(schedule.beta(t));
        }
    }

    @Test
    void clippedLogVarianceUsesTheSecondStepAtTheFirst() {
        NoiseSchedule schedule = NoiseSchedule.linear(100);
        assertThat(schedule.posteriorLogVarianceClipped(0))
                .isCloseTo(Math.log(schedule.posteriorVariance(1)), within(EPS));
        assertThat(schedule.posteriorLogVarianceClipped(42))
                .isCloseTo(Math.log(schedule.posteriorVariance(42)), within(EPS));
    }

    @Test
    void posteriorMeanCoefficientsReproduceTheTrueMeanOfAKnownX0() {
        // mean = coef1·x0 + coef2·xt must equal the Gaussian product derivation
        // (√ᾱ_{t−1}β_t x0 + √α_t(1−ᾱ_{t−1}) xt)/(1−ᾱ_t), and with xt = √ᾱ_t x0 + √(1−ᾱ_t) ε
        // it must equal 1/√α_t (xt − β_t/√(1−ᾱ_t) ε).
        NoiseSchedule schedule = NoiseSchedule.cosine(200);
        double x0 = 0.7;
        double eps = -1.3;
        for (int t : new int[] {1, 5, 50, 150, 198}) {
            double xt = schedule.sqrtAlphaBar(t) * x0 + schedule.sqrtOneMinusAlphaBar(t) * eps;
            double mean = schedule.posteriorMeanCoef1(t) * x0 + schedule.posteriorMeanCoef2(t) * xt;
            double fromEps = schedule.sqrtRecipAlpha(t)
                    * (xt - schedule.beta(t) / schedule.sqrtOneMinusAlphaBar(t) * eps);
            assertThat(mean).isCloseTo(fromEps, within(1e-9));
            double x0FromEps = schedule.sqrtRecipAlphaBar(t) * xt - schedule.sqrtRecipAlphaBarMinusOne(t) * eps;
            assertThat(x0FromEps).isCloseTo(x0, within(1e-9));
        }
    }

    @Test
    void coefficientsAtTheFirstStepKeepOnlyX0() {
        NoiseSchedule schedule = NoiseSchedule.linear(10);
        assertThat(schedule.posteriorMeanCoef1(0)).isCloseTo(1.0, within(EPS));
        assertThat(schedule.posteriorMeanCoef2(0)).isCloseTo(0.0, within(EPS));
    }

    @Test
    void snrIsSignalOverNoisePower() {
        NoiseSchedule schedule = NoiseSchedule.linear(10);
        double alphaBar = schedule.alphaBar(4);
        assertThat(schedule.snr(4)).isCloseTo(alphaBar / (1 - alphaBar), within(EPS));
        assertThat(schedule.snrs()[4]).isEqualTo(schedule.snr(4));
    }

    @Test
    void arrayAccessorsReturnCopies() {
        NoiseSchedule schedule = NoiseSchedule.linear(10);
        double[] betas = schedule.betas();
        betas[0] = 0.5;
        schedule.alphaBars()[0] = 0.5;
        assertThat(schedule.beta(0)).isEqualTo(1e-4);
        assertThat(schedule.alphaBar(0)).isEqualTo(1 - 1e-4);
    }

    @Test
    void fromBetasCopiesAndEqualsTheSameSchedule() {
        double[] betas = NoiseSchedule.linear(20).betas();
        NoiseSchedule copy = NoiseSchedule.fromBetas(betas);
        betas[3] = 0.9;
        assertThat(copy).isEqualTo(NoiseSchedule.linear(20)).hasSameHashCodeAs(NoiseSchedule.linear(20));
    }

    @Test
    void badArgumentsAreRejectedWithTheirName() {
        assertThatThrownBy(() -> NoiseSchedule.linear(1)).hasMessageContaining("timesteps T");
        assertThatThrownBy(() -> NoiseSchedule.linear(10, 0, 0.02)).hasMessageContaining("betaStart");
        assertThatThrownBy(() -> NoiseSchedule.linear(10, 1e-4, 1.0)).hasMessageContaining("betaEnd");
        assertThatThrownBy(() -> NoiseSchedule.linear(10, 0.02, 1e-4)).hasMessageContaining("must not exceed");
        assertThatThrownBy(() -> NoiseSchedule.cosine(10, -0.1)).hasMessageContaining("offset");
        assertThatThrownBy(() -> NoiseSchedule.fromBetas(new double[] {0.1, Double.NaN}))
                .hasMessageContaining("beta[1]");
        assertThatThrownBy(() -> NoiseSchedule.linear(10).beta(10)).hasMessageContaining("timestep 10");
    }

    private static double f(double u, int steps, double s) {
        double c = Math.cos((u / steps + s) / (1 + s) * Math.PI / 2);
        return c * c;
    }
}
