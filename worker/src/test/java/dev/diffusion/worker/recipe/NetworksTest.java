package dev.diffusion.worker.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import dev.diffusion.common.json.JsonMapper;
import dev.diffusion.common.spec.EffectiveTrainingSpec;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.engine.model.NoisePredictor;
import dev.diffusion.engine.model.weights.PyTorchNames;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A training spec's network starts from PyTorch's default initialisation, as the course's ContextUnet does: every
 * weight and bias uniform in ±1/√fan_in, not DJL's Xavier weights and zero biases, whose larger output made the
 * course recipe train worse than PyTorch at equal steps (docs/quality.md, the PyTorch side-by-side).
 */
class NetworksTest {

    private static EffectiveTrainingSpec course(long seed) throws Exception {
        return new EffectiveTrainingSpec(JsonMapper.shared().readValue("""
                {"dataset":"mnist","imageSize":28,"channels":1,"seed":%d,
                 "model":{"baseChannels":32,"numClasses":10,"norm":"batch"}}""".formatted(seed), TrainingSpec.class)
                .withDefaults());
    }

    @Test
    void weightsAndBiasesAreDrawnAsPyTorchDrawsThem() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, Parameter> p = PyTorchNames.of(Networks.create(course(0), manager, 0));

            // out.3 = Conv2d(32, 1, 3): fan_in 288; Xavier's bound would be √(12 / (288 + 9)) ≈ 0.20
            assertSpread(p.get("out.3.weight").getArray(), (float) (1 / Math.sqrt(288)));
            assertSpread(p.get("out.3.bias").getArray(), (float) (1 / Math.sqrt(288)));
            // timeembed1.model.0 = Linear(1, 64): fan_in 1, so weights and biases fill ±1 (Xavier: ±0.43, biases 0)
            assertSpread(p.get("timeembed1.model.0.weight").getArray(), 1f);
            assertSpread(p.get("timeembed1.model.0.bias").getArray(), 1f);
            assertThat(p.get("init_conv.conv1.1.weight").getArray().toFloatArray()).containsOnly(1f); // BatchNorm γ
        }
    }

    @Test
    void equalSeedsGiveEqualWeightsAndOtherSeedsOthers() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            NoisePredictor a = Networks.create(course(3), manager, 3);
            NoisePredictor b = Networks.create(course(3), manager, 3);
            NoisePredictor c = Networks.create(course(4), manager, 4);

            float[] first = PyTorchNames.of(a).get("down1.model.0.conv1.0.weight").getArray().toFloatArray();
            assertThat(PyTorchNames.of(b).get("down1.model.0.conv1.0.weight").getArray().toFloatArray())
                    .containsExactly(first);
            assertThat(PyTorchNames.of(c).get("down1.model.0.conv1.0.weight").getArray().toFloatArray())
                    .isNotEqualTo(first);
        }
    }

    /** Within ±bound, not zero, and filling most of it when there are enough values (a uniform draw). */
    private static void assertSpread(NDArray array, float bound) {
        float largest = array.abs().max().getFloat();
        assertThat(largest).isLessThanOrEqualTo(bound);
        assertThat(largest).isGreaterThan(array.size() >= 32 ? 0.8f * bound : 0f);
    }
}
