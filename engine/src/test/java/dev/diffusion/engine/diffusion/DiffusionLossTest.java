package dev.diffusion.engine.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import dev.diffusion.engine.testing.EngineTestBase;
import org.junit.jupiter.api.Test;

class DiffusionLossTest extends EngineTestBase {

    // Two samples of two values each; differences 0.5, -2 | 3, -0.25.
    private static final float[] PREDICTION = {1.5f, -1f, 3f, 0f};
    private static final float[] TARGET = {1f, 1f, 0f, 0.25f};
    private static final Shape SHAPE = new Shape(2, 1, 1, 2);

    private final NoiseSchedule schedule = NoiseSchedule.linear(100);
    @Test
    void mseIsTheMeanOfSquaresNotHalfOfIt() {
        double expected = (0.25 + 4 + 9 + 0.0625) / 4;
        assertThat(loss(DiffusionLoss.mse(), null)).isCloseTo(expected, within(1e-6));
    }

    @Test
    void l1IsTheMeanAbsoluteDifference() {
        DiffusionLoss l1 = DiffusionLoss.builder().optKind(DiffusionLoss.Kind.L1).build();
        assertThat(loss(l1, null)).isCloseTo((0.5 + 2 + 3 + 0.25) / 4, within(1e-6));
    }

    @Test
    void huberIsQuadraticInsideDeltaAndLinearOutside() {
        DiffusionLoss huber = DiffusionLoss.builder().optKind(DiffusionLoss.Kind.HUBER).build();
        // smooth L1 (beta 1): 0.5·0.25, 2 − 0.5, 3 − 0.5, 0.5·0.0625
        double expected = (0.125 + 1.5 + 2.5 + 0.03125) / 4;
        assertThat(loss(huber, null)).isCloseTo(expected, within(1e-6));

        DiffusionLoss wide = DiffusionLoss.builder().optKind(DiffusionLoss.Kind.HUBER).optHuberDelta(2.5).build();
        // δ = 2.5: 0.125, 2, 2.5·(3 − 1.25), 0.03125
        assertThat(loss(wide, null)).isCloseTo((0.125 + 2 + 4.375 + 0.03125) / 4, within(1e-6));
    }

    @Test
    void minSnrWeightsEachSamplesMeanByClampedSnr() {
        int[] t = {2, 90};
        double gamma = 5;
        DiffusionLoss weighted = DiffusionLoss.builder()
                .optWeighting(LossWeighting.minSnr(gamma), schedule)
                .build();

        double w0 = Math.min(schedule.snr(2), gamma) / schedule.snr(2);
        double w1 = Math.min(schedule.snr(90), gamma) / schedule.snr(90);
        double expected = (w0 * (0.25 + 4) / 2 + w1 * (9 + 0.0625) / 2) / 2;
        assertThat(w0).isLessThan(1.0);
        assertThat(w1).isEqualTo(1.0);
        assertThat(loss(weighted, t)).isCloseTo(expected, within(1e-6));
    }

    @Test
    void p2WeightsFollowChoiEtAl() {
        int[] t = {10, 60};
        DiffusionLoss weighted = DiffusionLoss.builder()
                .optKind(DiffusionLoss.Kind.L1)
                .optWeighting(LossWeighting.p2(1, 0.5), schedule)
                .build();

        double w0 = Math.pow(1 + schedule.snr(10), -0.5);
        double w1 = Math.pow(1 + schedule.snr(60), -0.5);
        double expected = (w0 * (0.5 + 2) / 2 + w1 * (3 + 0.25) / 2) / 2;
        assertThat(loss(weighted, t)).isCloseTo(expected, within(1e-6));
    }

    @Test
    void p2WithGammaZeroIsUnweighted() {
        DiffusionLoss weighted = DiffusionLoss.builder().optWeighting(LossWeighting.p2(1, 0), schedule).build();
        assertThat(loss(weighted, new int[] {3, 70})).isCloseTo(loss(DiffusionLoss.mse(), null), within(1e-6));
    }

    @Test
    void lossIsDifferentiableWithRespectToThePrediction() {
        NDArray prediction = manager.create(PREDICTION, SHAPE);
        NDArray target = manager.create(TARGET, SHAPE);
        prediction.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray value = DiffusionLoss.mse().compute(prediction, target);
            collector.backward(value);
        }
        float[] gradient = prediction.getGradient().toFloatArray();
        for (int i = 0; i < gradient.length; i++) {
            assertThat(gradient[i]).isCloseTo(2 * (PREDICTION[i] - TARGET[i]) / 4, within(1e-6f));
        }
    }

    @Test
    void weightingNeedsTimestepsAndAScheduleAndMatchingBatch() {
        DiffusionLoss weighted = DiffusionLoss.builder().optWeighting(LossWeighting.minSnr(5), schedule).build();
        assertThatThrownBy(() -> loss(weighted, null)).hasMessageContaining("timesteps are required");
        assertThatThrownBy(() -> loss(weighted, new int[] {1})).hasMessageContaining("1 timesteps");
        assertThatThrownBy(() -> loss(weighted, new int[] {1, 100})).hasMessageContaining("timestep 100");
        assertThatThrownBy(() -> DiffusionLoss.builder().optWeighting(LossWeighting.p2(1, 1), null).build())
                .hasMessageContaining("schedule is required");
        assertThatThrownBy(() -> LossWeighting.minSnr(0)).hasMessageContaining("gamma");
        assertThatThrownBy(() -> DiffusionLoss.builder().optHuberDelta(0).build()).hasMessageContaining("delta");
    }

    private double loss(DiffusionLoss loss, int[] t) {
        NDArray value = loss.compute(manager.create(PREDICTION, SHAPE), manager.create(TARGET, SHAPE), t);
        assertThat(value.getShape()).isEqualTo(new Shape());
        return value.getFloat();
    }
}
