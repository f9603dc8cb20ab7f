package dev.diffusion.engine.model.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class SinusoidalEmbeddingsTest {

    @Test
    void timestepEmbeddingPutsCosinesBeforeSinesWithFrequenciesOverHalfTheWidth() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // dim 4: half = 2, freqs = exp(-ln(10000) * [0, 1] / 2) = [1, 0.01]
            float[] e = SinusoidalEmbeddings.timestepEmbedding(manager.create(new float[] {0, 3}), 4, 10000)
                    .toFloatArray();

            float[] expected = {
                1, 1, 0, 0,
                (float) Math.cos(3), (float) Math.cos(0.03), (float) Math.sin(3), (float) Math.sin(0.03)
            };
            for (int i = 0; i < expected.length; i++) {
                assertThat(e[i]).as("element %d", i).isCloseTo(expected[i], within(1e-6f));
            }
        }
    }

    @Test
    void timestepEmbeddingPadsAnOddWidthWithAZeroColumn() {
        try (NDManager manager = NDManager.newBaseManager()) {
            var e = SinusoidalEmbeddings.timestepEmbedding(manager.create(new float[] {5, 7}), 5, 10000);

            assertThat(e.getShape()).isEqualTo(new Shape(2, 5));
            assertThat(e.get(":, 4").toFloatArray()).containsExactly(0, 0);
        }
    }

    @Test
    void positionEmbeddingPutsSinesBeforeCosinesWithFrequenciesOverHalfMinusOne() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // dim 4: half = 2, freqs = exp(-ln(10000) * [0, 1] / (2 - 1)) = [1, 1e-4]
            float[] e = SinusoidalEmbeddings.positionEmbedding(manager.create(new float[] {2}), 4).toFloatArray();

            assertThat(e[0]).isCloseTo((float) Math.sin(2), within(1e-6f));
            assertThat(e[1]).isCloseTo((float) Math.sin(2e-4), within(1e-6f));
            assertThat(e[2]).isCloseTo((float) Math.cos(2), within(1e-6f));
            assertThat(e[3]).isCloseTo((float) Math.cos(2e-4), within(1e-6f));
        }
    }
}
