package dev.diffusion.engine.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import dev.diffusion.engine.testing.EngineTestBase;
import org.junit.jupiter.api.Test;

class GuidanceAndContextTest extends EngineTestBase {

    @Test
    void oneHotRowsWithAMaskZeroTheDroppedRows() {
        NDArray context = ClassContext.masked(manager, new int[] {2, 0, 1}, 3, new boolean[] {true, false, true});
        assertThat(context.getShape()).isEqualTo(new Shape(3, 3));
        assertThat(context.toFloatArray()).containsExactly(0, 0, 1, 0, 0, 0, 0, 1, 0);
        assertThat(ClassContext.unconditional(manager, 2, 3).toFloatArray()).containsOnly(0f).hasSize(6);
        assertThatThrownBy(() -> ClassContext.oneHot(manager, new int[] {3}, 3)).hasMessageContaining("label 3 at index 0");
    }

    @Test
    void combineExtrapolatesFromUnconditionalTowardsConditional() {
        NDArray uncond = manager.create(new float[] {1f, -1f});
        NDArray cond = manager.create(new float[] {2f, 0f});
        assertThat(GuidedPredictor.combine(uncond, cond, 0).toFloatArray()).containsExactly(1f, -1f);
        assertThat(GuidedPredictor.combine(uncond, cond, 1).toFloatArray()).containsExactly(2f, 0f);
        assertThat(GuidedPredictor.combine(uncond, cond, 3).toFloatArray()).containsExactly(4f, 2f);
    }

    @Test
    void guidedPredictionFeedsContextRowsThenZeroRowsInOneForward() {
        AffineNoiseNetwork model = new AffineNoiseNetwork();
        GuidedPredictor predictor = new GuidedPredictor(model, 4, 2.0);
        NDArray x = manager.create(new float[] {0.5f, -0.5f}, new Shape(2, 1, 1, 1));

        float[] eps = predictor.predict(new ParameterStore(manager, false), x, 7, new int[] {3, 1}).toFloatArray();

        assertThat(model.batchSizes()).containsExactly(4L);
        assertThat((double) eps[0]).isCloseTo(0.05 + 0.007 + 2 * 0.04, within(1e-6));
        assertThat((double) eps[1]).isCloseTo(-0.05 + 0.007 + 2 * 0.02, within(1e-6));
    }

    @Test
    void largeBatchesRunInChunksOfTheForwardBatchWithTheSamePredictions() {
        AffineNoiseNetwork model = new AffineNoiseNetwork();
        int batch = GuidedPredictor.FORWARD_BATCH + 6;
        NDArray x = manager.randomNormal(new Shape(batch, 1, 1, 1));
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = i % 4;
        }
        ParameterStore parameters = new ParameterStore(manager, false);

        float[] guided = new GuidedPredictor(model, 4, 2.0).predict(parameters, x, 7, labels).toFloatArray();
        float[] conditional = new GuidedPredictor(model, 4, 1.0).predict(parameters, x, 7, labels).toFloatArray();

        // 64 images per pass: guided passes carry each image twice
        assertThat(model.batchSizes()).containsExactly(128L, 12L, 64L, 6L);
        for (int i = 0; i < batch; i++) {
            double xi = x.getFloat(i, 0, 0, 0);
            double context = 0.01 * (labels[i] + 1);
            assertThat((double) guided[i]).as("row %d", i)
                    .isCloseTo(0.1 * xi + 0.007 + 2 * context, within(1e-6));
            assertThat((double) conditional[i]).as("row %d", i).isCloseTo(0.1 * xi + 0.007 + context, within(1e-6));
        }
    }

    @Test
    void predictorRejectsBadSettings() {
        AffineNoiseNetwork model = new AffineNoiseNetwork();
        assertThatThrownBy(() -> new GuidedPredictor(model, -1, 1)).hasMessageContaining("classes");
        assertThatThrownBy(() -> new GuidedPredictor(model, 2, Double.NaN)).hasMessageContaining("guidance");
        GuidedPredictor predictor = new GuidedPredictor(model, 2, 1);
        NDArray x = manager.zeros(new Shape(2, 1, 1, 1));
        assertThatThrownBy(() -> predictor.predict(new ParameterStore(manager, false), x, 0, new int[] {1}))
                .hasMessageContaining("1 labels for a batch of 2");
    }

    @Test
    void gaussianNoiseIsReproducibleAndStandardNormal() {
        float[] a = new GaussianNoise(5).next(20_000);
        float[] b = new GaussianNoise(5).next(20_000);
        assertThat(a).containsExactly(b);
        assertThat(new GaussianNoise(6).next(10)).isNotEqualTo(new GaussianNoise(5).next(10));
        double mean = 0;
        double square = 0;
        for (float v : a) {
            mean += v;
            square += v * v;
        }
        mean /= a.length;
        assertThat(mean).isCloseTo(0.0, within(0.03));
        assertThat(square / a.length - mean * mean).isCloseTo(1.0, within(0.04));
    }
}
