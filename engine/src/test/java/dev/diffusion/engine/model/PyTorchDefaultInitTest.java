package dev.diffusion.engine.model;

import static dev.diffusion.engine.model.Networks.initialized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.diffusion.engine.model.contextunet.ContextUnet;
import dev.diffusion.engine.model.weights.PyTorchNames;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PyTorchDefaultInitTest {

    @Test
    void drawsWeightsAndBiasesWithinOneOverRootFanIn() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ContextUnet network = initialized(Networks.tinyContextUnet(), manager, 1);

            PyTorchDefaultInit.apply(network);

            Map<String, Parameter> p = PyTorchNames.of(network);
            // Conv2d(16, 8, 3): fan_in 16·9 = 144, bound 1/12
            assertWithin(p.get("out.0.weight").getArray(), 1 / 12f);
            assertWithin(p.get("out.0.bias").getArray(), 1 / 12f);
            // ConvTranspose2d(16, 16, 2, 2) weight [16, 16, 2, 2]: PyTorch's fan_in 16·4 = 64
            assertWithin(p.get("up0.0.weight").getArray(), 1 / 8f);
            // Linear(1, 16): fan_in 1, bound 1
            assertWithin(p.get("timeembed1.model.0.weight").getArray(), 1f);
            NDArray spread = p.get("down2.model.1.conv1.0.weight").getArray(); // 16·16·9 values, bound 1/12
            assertThat(spread.abs().max().getFloat()).isGreaterThan(0.9f / 12);
            assertThat(p.get("out.1.weight").getArray().toFloatArray()).containsOnly(1f); // GroupNorm γ
        }
    }

    @Test
    void boundIsOneOverRootOfTheSecondAxisTimesTheKernelArea() {
        assertThat(PyTorchDefaultInit.bound(new Shape(64, 1, 3, 3))).isEqualTo(1 / 3f);
        assertThat(PyTorchDefaultInit.bound(new Shape(128, 0))).isZero();
    }

    @Test
    void needsAnInitialisedNetwork() {
        assertThatThrownBy(() -> PyTorchDefaultInit.apply(Networks.tinyContextUnet()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("initialize");
    }

    private static void assertWithin(NDArray array, float bound) {
        assertThat(array.abs().max().getFloat()).isLessThanOrEqualTo(bound);
        assertThat(array.abs().max().getFloat()).isGreaterThan(0f);
    }
}
