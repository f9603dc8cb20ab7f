package dev.diffusion.engine.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Helpers for tests that compare NDArrays with host arithmetic. */
final class NdTestSupport {

    private NdTestSupport() {}

    static NDArray normal(NDManager manager, long seed, Shape shape) {
        return manager.create(new GaussianNoise(seed).next(Math.toIntExact(shape.size())), shape);
    }

    static void assertClose(float[] actual, double[] expected, double tolerance) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("element %d", i).isCloseTo(expected[i], within(tolerance));
        }
    }
}
