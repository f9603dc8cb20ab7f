package dev.diffusion.engine.model.ddpm;

import static dev.diffusion.engine.model.Networks.forward;
import static dev.diffusion.engine.model.Networks.gradientMass;
import static dev.diffusion.engine.model.Networks.initialized;
import static dev.diffusion.engine.model.Networks.randomInputs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.diffusion.engine.model.Networks;
import dev.diffusion.engine.model.NoisePredictors;
import dev.diffusion.engine.model.weights.PyTorchNames;
import dev.diffusion.engine.testing.EngineTestBase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

class DdpmUnetTest extends EngineTestBase {

    @Test
    void cifarConfigurationHasTheDdpmParameterCount() {
        DdpmUnet network = DdpmUnet.builder().setInChannels(3).setBaseChannels(128).setImageSize(32).build();

        initialized(network, manager, 1);

        // Ho et al. report 35.7 M for CIFAR-10; the PyTorch reference (engine/src/test/python/reference_models.py,
        // base 128, multipliers 1,2,2,2, two blocks, attention at 16x16, one head) counts 35,741,699
        assertThat(NoisePredictors.countParameters(network)).isEqualTo(35_741_699L);
    }

    @Test
    void predictsNoiseOfTheInputShapeForConditionalAndUnconditionalNetworks() {
        DdpmUnet conditional = initialized(Networks.tinyDdpmUnet(), manager, 3);
        DdpmUnet unconditional =
                initialized(
                        DdpmUnet.builder()
                                .setInChannels(3)
                                .setBaseChannels(8)
                                .setImageSize(16)
                                .optChannelMultipliers(1, 2, 2)
                                .optBlocksPerLevel(2)
                                .optAttentionResolutions(8, 4)
                                .optNormGroups(8)
                                .optDropout(0.1f)
                                .build(),
                        manager,
                        2);

        NDArray a = forward(conditional, manager, false, randomInputs(conditional, manager, 3));
        NDArray b = forward(unconditional, manager, true, randomInputs(unconditional, manager, 2));

        assertThat(a.getShape()).isEqualTo(new Shape(3, 1, 8, 8));
        assertThat(b.getShape()).isEqualTo(new Shape(2, 3, 16, 16));
        assertThat(PyTorchNames.of(unconditional).keySet()).noneMatch(n -> n.startsWith("label_emb"));
    }

    @Test
    void zeroContextRowIgnoresTheClassEmbedding() {
        DdpmUnet network = initialized(Networks.tinyDdpmUnet(), manager, 2);
        NDList inputs = randomInputs(network, manager, 2); // row 0 has a class, row 1 is zero
        NDArray before = forward(network, manager, false, inputs);

        PyTorchNames.of(network).get("label_emb.weight").getArray().set(manager.ones(new Shape(32, 3)).toFloatArray());
        NDArray after = forward(network, manager, false, inputs);

        assertThat(after.get(1).toFloatArray()).containsExactly(before.get(1).toFloatArray());
        assertThat(after.get(0).toFloatArray()).isNotEqualTo(before.get(0).toFloatArray());
    }

    @Test
    void namesParametersLikeThePyTorchUNetModel() {
        DdpmUnet network = initialized(Networks.tinyDdpmUnet(), manager, 1);

        assertThat(PyTorchNames.of(network).keySet())
                .startsWith("time_embed.0.weight", "time_embed.0.bias", "time_embed.2.weight", "time_embed.2.bias",
                        "label_emb.weight", "down_blocks.0.0.weight")
                .contains("down_blocks.2.0.op.weight", "down_blocks.3.1.qkv.weight", "middle_block.1.proj.bias",
                        "up_blocks.1.1.qkv.weight", "up_blocks.1.2.conv.weight", "up_blocks.3.0.shortcut.weight",
                        "out.0.weight", "out.2.bias");
    }

    @Test
    void everyParameterLearns() {
        DdpmUnet network = initialized(Networks.tinyDdpmUnet(), manager, 3);
        NDList inputs = randomInputs(network, manager, 3);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray eps = forward(network, manager, true, inputs);
            collector.backward(eps.sub(inputs.get(0)).square().mean());
        }

        for (var entry : PyTorchNames.of(network).entrySet()) {
            assertThat(gradientMass(entry.getValue())).as(entry.getKey()).isGreaterThan(0f);
        }
    }

    @Test
    void roundTripsThroughDjlParameterFiles() throws Exception {
        DdpmUnet saved = initialized(Networks.tinyDdpmUnet(), manager, 2);
        NDList inputs = randomInputs(saved, manager, 2);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        saved.saveParameters(new DataOutputStream(bytes));
        DdpmUnet loaded = initialized(Networks.tinyDdpmUnet(), manager, 2);

        loaded.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        assertThat(forward(loaded, manager, false, inputs).toFloatArray())
                .containsExactly(forward(saved, manager, false, inputs).toFloatArray());
    }

    @Test
    void rejectsImpossibleConfigurationsWithTheFieldName() {
        assertThatThrownBy(() -> builder().setImageSize(12).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("imageSize 12")
                .hasMessageContaining("2^(levels-1) = 8");
        assertThatThrownBy(() -> builder().optNormGroups(32).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("normGroups");
        assertThatThrownBy(() -> builder().optAttentionResolutions(6).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attention resolution 6");
        assertThatThrownBy(() -> builder().optDropout(1f).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dropout");
    }

    private static DdpmUnet.Builder builder() {
        return DdpmUnet.builder().setInChannels(1).setBaseChannels(8).setImageSize(16).optNormGroups(8)
                .optChannelMultipliers(1, 2, 2, 2);
    }
}
