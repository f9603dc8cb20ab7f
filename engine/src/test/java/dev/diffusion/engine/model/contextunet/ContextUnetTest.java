package dev.diffusion.engine.model.contextunet;

import static dev.diffusion.engine.model.Networks.forward;
import static dev.diffusion.engine.model.Networks.gradientMass;
import static dev.diffusion.engine.model.Networks.initialized;
import static dev.diffusion.engine.model.Networks.randomInputs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.diffusion.engine.model.Networks;
import dev.diffusion.engine.model.NoisePredictors;
import dev.diffusion.engine.model.weights.PyTorchNames;
import dev.diffusion.engine.model.weights.StateDicts;
import dev.diffusion.engine.testing.EngineTestBase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

class ContextUnetTest extends EngineTestBase {

    @Test
    void courseConfigurationHasThePyTorchParameterCount() {
        ContextUnet network =
                ContextUnet.builder()
                        .setInChannels(1)
                        .setFeatures(64)
                        .optContextFeatures(10)
                        .setHeight(28)
                        .setTimesteps(500)
                        .build();

        initialized(network, manager, 1);

        // PyTorch ContextUnet(1, 64, 10, 28) with GroupNorm (or BatchNorm2d) and the registered 1x1
        // shortcut: 2,020,097 + the shortcut's 64·1 + 64 = 2,020,225
        assertThat(NoisePredictors.countParameters(network)).isEqualTo(2_020_225L);
    }

    @Test
    void predictsNoiseOfTheInputShapeWithAndWithoutContext() {
        ContextUnet network = initialized(Networks.tinyContextUnet(), manager, 3);
        NDList inputs = randomInputs(network, manager, 3);

        NDArray conditional = forward(network, manager, false, inputs.get(0), inputs.get(1), inputs.get(2));
        NDArray withoutContext = forward(network, manager, false, inputs.get(0), inputs.get(1));
        NDArray zeros = manager.zeros(new Shape(3, 3));
        NDArray zeroContext = forward(network, manager, false, inputs.get(0), inputs.get(1), zeros);

        assertThat(conditional.getShape()).isEqualTo(new Shape(3, 1, 8, 8));
        assertThat(withoutContext.toFloatArray()).containsExactly(zeroContext.toFloatArray());
        assertThat(conditional.get(0).toFloatArray()).isNotEqualTo(zeroContext.get(0).toFloatArray());
    }

    @Test
    void unconditionalNetworkTakesOnlyImageAndTime() {
        ContextUnet network =
                initialized(
                        builder().setInChannels(3).optContextFeatures(0).setHeight(12).setTimesteps(5).build(),
                        manager,
                        2);

        NDArray x = manager.randomNormal(new Shape(2, 3, 12, 12));
        NDArray eps = forward(network, manager, false, x, manager.create(new float[] {0, 4}));

        assertThat(eps.getShape()).isEqualTo(new Shape(2, 3, 12, 12));
        assertThat(network.inputShapes(2)).hasSize(2);
        // PyTorch ContextUnet(3, 8, 0, 12) has 22,387: init_conv 872, down1 2,400, down2 8,256,
        // timeembed 304 + 88, contextembed (Linear(0, .) keeps its bias) 288 + 80, up0 2,352,
        // up1 3,432, up2 2,920, out 1,395
        assertThat(NoisePredictors.countParameters(network)).isEqualTo(22_387L);
    }

    @Test
    void feedsTimeAsTPlusOneOverT() {
        ContextUnet shortSchedule = initialized(Networks.tinyContextUnet(), manager, 2);
        ContextUnet longSchedule =
                initialized(
                        builder().optContextFeatures(3).setTimesteps(20).build(),
                        manager,
                        2);
        StateDicts.load(longSchedule, StateDicts.export(shortSchedule));
        NDList inputs = randomInputs(shortSchedule, manager, 2);

        // (4 + 1) / 10 = (9 + 1) / 20 and (0 + 1) / 10 = (1 + 1) / 20
        NDArray x = inputs.get(0);
        NDArray c = inputs.get(2);
        NDArray a = forward(shortSchedule, manager, false, x, manager.create(new float[] {4, 0}), c);
        NDArray b = forward(longSchedule, manager, false, x, manager.create(new float[] {9, 1}), c);

        assertThat(a.sub(b).abs().max().getFloat()).isLessThan(1e-6f);
    }

    @Test
    void namesParametersLikeTheCourseStateDict() {
        ContextUnet network = initialized(Networks.tinyContextUnet(), manager, 1);

        var names = PyTorchNames.of(network);

        assertThat(names.keySet())
                .startsWith("init_conv.conv1.0.weight")
                .contains(
                        "down1.model.0.conv1.0.weight", "down2.model.1.conv2.1.bias",
                        "timeembed1.model.0.weight", "contextembed2.model.2.bias",
                        "up0.0.weight", "up0.1.weight", "up1.model.0.weight", "up2.model.2.conv2.0.weight",
                        "out.0.weight", "out.1.bias", "out.3.weight", "out.3.bias");
        assertThat(names.get("up0.0.weight").getArray().getShape()).isEqualTo(new Shape(16, 16, 2, 2));
        assertThat(names.get("contextembed1.model.0.weight").getArray().getShape()).isEqualTo(new Shape(16, 3));
    }

    @Test
    void everyParameterLearnsFromAConditionalBatch() {
        ContextUnet network = initialized(Networks.tinyContextUnet(), manager, 3);
        NDList inputs = randomInputs(network, manager, 3);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray eps = forward(network, manager, true, inputs.get(0), inputs.get(1), inputs.get(2));
            collector.backward(eps.sub(inputs.get(0)).square().mean());
        }

        for (var entry : PyTorchNames.of(network).entrySet()) {
            Parameter p = entry.getValue();
            assertThat(gradientMass(p)).as(entry.getKey()).isGreaterThan(0f);
        }
    }

    @Test
    void roundTripsThroughDjlParameterFilesIntoAFreshUninitialisedNetwork() throws Exception {
        ContextUnet saved = initialized(Networks.tinyContextUnet(), manager, 2);
        NDList inputs = randomInputs(saved, manager, 2);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        saved.saveParameters(new DataOutputStream(bytes));
        ContextUnet loaded = Networks.tinyContextUnet(); // as Model.load does it

        loaded.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        assertThat(forward(loaded, manager, false, inputs).toFloatArray())
                .containsExactly(forward(saved, manager, false, inputs).toFloatArray());
    }

    @Test
    void rejectsImpossibleConfigurationsWithTheFieldName() {
        assertThatThrownBy(() -> builder().setHeight(30).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("height");
        assertThatThrownBy(() -> builder().setFeatures(12).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("features");
        assertThatThrownBy(() -> builder().setHeight(64).optToVecPool(4).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("toVecPool");
        assertThatThrownBy(() -> builder().setTimesteps(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timesteps");
    }

    @Test
    void rejectsAnImageOfTheWrongSize() {
        ContextUnet network = Networks.tinyContextUnet();

        Shape wrongSize = new Shape(1, 1, 16, 16);

        assertThatThrownBy(() -> network.initialize(manager, DataType.FLOAT32, wrongSize, new Shape(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(1, 1, 8, 8)");
    }

    private static ContextUnet.Builder builder() {
        return ContextUnet.builder().setInChannels(1).setFeatures(8).setHeight(8).setTimesteps(10);
    }
}
