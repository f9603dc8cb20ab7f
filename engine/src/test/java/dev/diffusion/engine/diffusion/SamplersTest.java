package dev.diffusion.engine.diffusion;

import static dev.diffusion.engine.diffusion.NdTestSupport.assertClose;
import static dev.diffusion.engine.diffusion.NdTestSupport.normal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SamplersTest {

    private static final Shape SHAPE = new Shape(2, 1, 3, 3);

    private final NoiseSchedule schedule = NoiseSchedule.linear(500);
    private NDManager manager;
    private NDArray x;
    private NDArray eps;
    private NDArray z;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        x = normal(manager, 11, SHAPE).mul(2f);
        eps = normal(manager, 12, SHAPE);
        z = normal(manager, 13, SHAPE);
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    @Test
    void ddpmDirectStepIsTheCourseDenoiseAddNoise() {
        DdpmSampler sampler = DdpmSampler.builder(schedule).build();
        int t = 123;

        float[] actual = sampler.step(eps, t, x, z).toFloatArray();

        float[] xs = x.toFloatArray();
        float[] es = eps.toFloatArray();
        float[] zs = z.toFloatArray();
        double[] expected = new double[xs.length];
        double a = schedule.alpha(t);
        for (int i = 0; i < xs.length; i++) {
            expected[i] = (xs[i] - es[i] * (1 - a) / Math.sqrt(1 - schedule.alphaBar(t))) / Math.sqrt(a)
                    + Math.sqrt(schedule.beta(t)) * zs[i];
        }
        assertClose(actual, expected, 1e-5);
    }

    @Test
    void ddpmClippedStepIsThePosteriorMeanOfTheClippedX0() {
        DdpmSampler sampler = DdpmSampler.builder(schedule)
                .optMeanForm(DdpmSampler.MeanForm.CLIPPED_X0)
                .optVariance(DdpmSampler.Variance.POSTERIOR)
                .build();
        int t = 300;

        float[] actual = sampler.step(eps, t, x, z).toFloatArray();

        float[] xs = x.toFloatArray();
        float[] es = eps.toFloatArray();
        float[] zs = z.toFloatArray();
        double[] expected = new double[xs.length];
        boolean anyClipped = false;
        for (int i = 0; i < xs.length; i++) {
            double x0 = (xs[i] - Math.sqrt(1 - schedule.alphaBar(t)) * es[i]) / Math.sqrt(schedule.alphaBar(t));
            anyClipped |= Math.abs(x0) > 1;
            x0 = Math.max(-1, Math.min(1, x0));
            expected[i] = schedule.posteriorMeanCoef1(t) * x0 + schedule.posteriorMeanCoef2(t) * xs[i]
                    + Math.sqrt(schedule.posteriorVariance(t)) * zs[i];
        }
        assertThat(anyClipped).as("the test data must exercise clipping").isTrue();
        assertClose(actual, expected, 1e-5);
    }

    @Test
    void ddpmFormsAgreeWhenNothingIsClipped() {
        NDArray clean = normal(manager, 14, SHAPE).mul(0.1f);
        NDArray noisy = new ForwardProcess(schedule).qSample(clean, new int[] {20, 20}, eps);
        DdpmSampler direct = DdpmSampler.builder(schedule).build();
        DdpmSampler clipped = DdpmSampler.builder(schedule).optMeanForm(DdpmSampler.MeanForm.CLIPPED_X0).build();

        float[] a = direct.step(eps, 20, noisy, z).toFloatArray();
        float[] b = clipped.step(eps, 20, noisy, z).toFloatArray();
        double[] expected = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            expected[i] = b[i];
        }
        assertClose(a, expected, 1e-4);
    }

    @Test
    void ddpmAddsNoNoiseAtTheLastStep() {
        DdpmSampler sampler = DdpmSampler.builder(schedule).build();
        assertThat(sampler.needsNoise(0, -1)).isFalse();
        assertThat(sampler.needsNoise(1, 0)).isTrue();
        float[] withNoise = sampler.step(eps, 0, x, z).toFloatArray();
        float[] withoutNoise = sampler.step(eps, 0, x, null).toFloatArray();
        assertThat(withNoise).containsExactly(withoutNoise);
        assertThatThrownBy(() -> sampler.step(eps, 5, x, null)).hasMessageContaining("noise is required");
        assertThatThrownBy(() -> sampler.step(eps, 5, 3, x, z)).hasMessageContaining("one timestep at a time");
    }

    @Test
    void ddpmVisitsEveryTimestepDownToZero() {
        int[] timesteps = DdpmSampler.builder(NoiseSchedule.linear(4)).build().timesteps();
        assertThat(timesteps).containsExactly(3, 2, 1, 0);
    }

    @Test
    void ddimWithTheOracleNoiseRecoversX0InOneStep() {
        NDArray x0 = normal(manager, 15, SHAPE).tanh();
        ForwardProcess forward = new ForwardProcess(schedule);
        DdimSampler sampler = DdimSampler.builder(schedule).optSteps(1).build();
        assertThat(sampler.timesteps()).containsExactly(499);

        for (int t : new int[] {10, 250, 499}) {
            NDArray xt = forward.qSample(x0, new int[] {t, t}, eps);
            float[] recovered = sampler.step(eps, t, -1, xt, null).toFloatArray();
            double[] expected = new double[recovered.length];
            float[] clean = x0.toFloatArray();
            for (int i = 0; i < clean.length; i++) {
                expected[i] = clean[i];
            }
            assertClose(recovered, expected, t == 499 ? 1e-3 : 1e-4);
        }
    }

    @Test
    void ddimWithEtaZeroIsTheCourseDenoiseDdim() {
        DdimSampler sampler = DdimSampler.builder(schedule).optSteps(20).build();
        int t = 474;
        int tPrev = 449;

        float[] actual = sampler.step(eps, t, tPrev, x, null).toFloatArray();

        double ab = schedule.alphaBar(t);
        double abPrev = schedule.alphaBar(tPrev);
        float[] xs = x.toFloatArray();
        float[] es = eps.toFloatArray();
        double[] expected = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            double x0Pred = Math.sqrt(abPrev) / Math.sqrt(ab) * (xs[i] - Math.sqrt(1 - ab) * es[i]);
            expected[i] = x0Pred + Math.sqrt(1 - abPrev) * es[i];
        }
        assertClose(actual, expected, 1e-5);
        assertThat(sampler.needsNoise(t, tPrev)).isFalse();
    }

    @Test
    void ddimWithEtaOneHasThePosteriorVarianceBetweenAdjacentSteps() {
        DdimSampler sampler = DdimSampler.builder(schedule).optSteps(500).optEta(1).build();
        for (int t : new int[] {1, 100, 499}) {
            assertThat(sampler.sigma(t, t - 1) * sampler.sigma(t, t - 1))
                    .isCloseTo(schedule.posteriorVariance(t), within(1e-12));
        }
        assertThat(sampler.sigma(0, -1)).isZero();
        assertThat(sampler.needsNoise(0, -1)).isFalse();
    }

    @Test
    void ddimStochasticStepAddsSigmaTimesNoiseAndClipsX0() {
        DdimSampler sampler = DdimSampler.builder(schedule).optSteps(10).optEta(0.5).optClipX0(true).build();
        int t = 349;
        int tPrev = 299;
        double sigma = sampler.sigma(t, tPrev);

        float[] actual = sampler.step(eps, t, tPrev, x, z).toFloatArray();

        double ab = schedule.alphaBar(t);
        double abPrev = schedule.alphaBar(tPrev);
        float[] xs = x.toFloatArray();
        float[] es = eps.toFloatArray();
        float[] zs = z.toFloatArray();
        double[] expected = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            double x0 = Math.max(-1, Math.min(1, (xs[i] - Math.sqrt(1 - ab) * es[i]) / Math.sqrt(ab)));
            expected[i] = Math.sqrt(abPrev) * x0 + Math.sqrt(1 - abPrev - sigma * sigma) * es[i] + sigma * zs[i];
        }
        assertThat(sigma).isPositive();
        assertClose(actual, expected, 1e-5);
    }

    @Test
    void timestepSpacingSkipsLikeTheCourse() {
        int[] trailing = TimestepSpacing.TRAILING.timesteps(500, 20);
        assertThat(trailing).hasSize(20).startsWith(499, 474, 449).endsWith(49, 24);
        assertThat(TimestepSpacing.LEADING.timesteps(500, 20)).startsWith(475, 450).endsWith(25, 0);
        assertThat(TimestepSpacing.TRAILING.timesteps(5, 5)).containsExactly(4, 3, 2, 1, 0);
        assertThat(TimestepSpacing.LEADING.timesteps(5, 5)).containsExactly(4, 3, 2, 1, 0);
        assertThat(TimestepSpacing.TRAILING.timesteps(10, 3)).containsExactly(9, 5, 2);
        assertThat(TimestepSpacing.LEADING.timesteps(10, 3)).containsExactly(6, 3, 0);
        assertThatThrownBy(() -> TimestepSpacing.TRAILING.timesteps(10, 11)).hasMessageContaining("[1, 10]");
    }

    @Test
    void ddimRejectsBadSettings() {
        assertThatThrownBy(() -> DdimSampler.builder(schedule).optEta(1.5).build()).hasMessageContaining("eta");
        assertThatThrownBy(() -> DdimSampler.builder(schedule).optSteps(0).build()).hasMessageContaining("DDIM steps");
        DdimSampler sampler = DdimSampler.builder(schedule).build();
        assertThat(sampler.timesteps()).hasSize(50);
        assertThatThrownBy(() -> sampler.step(eps, 10, 10, x, null)).hasMessageContaining("previous timestep");
    }
}
