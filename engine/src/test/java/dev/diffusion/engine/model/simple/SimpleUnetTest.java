package dev.diffusion.engine.model.simple;

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

class SimpleUnetTest extends EngineTestBase {

    @Test
    void seedConfigurationHasThePyTorchParameterCount() {
        SimpleUnet network = SimpleUnet.builder().setImageSize(64).build();

        initialized(network, manager, 1);

        // "Diffusion models from scratch in PyTorch" (DeepFindr) prints "Num params: 62438883" for SimpleUnet()
        // (3 channels, 64..1024, time 32)
        assertThat(NoisePredictors.countParameters(network)).isEqualTo(62_438_883L);
    }

    @Test
    void downBlockHalvesAndUpBlockDoublesTheSize() {
        SimpleUnetBlock down = new SimpleUnetBlock(8, 16, false);
        down.initialize(manager, DataType.FLOAT32, new Shape(2, 8, 8, 8), new Shape(2, 4));
        SimpleUnetBlock up = new SimpleUnetBlock(16, 8, true);
        up.initialize(manager, DataType.FLOAT32, new Shape(2, 32, 4, 4), new Shape(2, 4));
        NDArray t = manager.randomNormal(new Shape(2, 4));

        NDArray h = forward(down, manager, true, manager.randomNormal(new Shape(2, 8, 8, 8)), t);
        NDArray y = forward(up, manager, true, h.concat(h, 1), t);

        assertThat(h.getShape()).isEqualTo(new Shape(2, 16, 4, 4));
        assertThat(y.getShape()).isEqualTo(new Shape(2, 8, 8, 8));
        assertThat(PyTorchNames.of(up).keySet())
                .containsExactly(
                        "time_mlp.weight", "time_mlp.bias", "conv1.weight", "conv1.bias",
                        "transform.weight", "transform.bias", "conv2.weight", "conv2.bias",
                        "bnorm1.weight", "bnorm1.bias", "bnorm1.running_mean", "bnorm1.running_var",
                        "bnorm2.weight", "bnorm2.bias", "bnorm2.running_mean", "bnorm2.running_var");
        assertThat(PyTorchNames.of(up).get("transform.weight").getArray().getShape()).isEqualTo(new Shape(8, 8, 4, 4));
    }

    @Test
    void predictsNoiseOfTheInputShapeForConditionalAndUnconditionalNetworks() {
        SimpleUnet conditional = initialized(Networks.tinySimpleUnet(), manager, 3);
        SimpleUnet unconditional =
                initialized(
                        SimpleUnet.builder().optImageChannels(3).setImageSize(16).optChannels(4, 8, 8).build(),
                        manager,
                        2);

        NDArray a = forward(conditional, manager, false, randomInputs(conditional, manager, 3));
        NDArray b = forward(unconditional, manager, true, randomInputs(unconditional, manager, 2));

        assertThat(a.getShape()).isEqualTo(new Shape(3, 1, 8, 8));
        assertThat(b.getShape()).isEqualTo(new Shape(2, 3, 16, 16));
        assertThat(PyTorchNames.of(conditional).keySet())
                .startsWith("time_mlp.1.weight", "time_mlp.1.bias", "label_emb.weight", "conv0.weight")
                .contains("downs.1.transform.weight", "ups.0.conv1.weight", "output.weight");
    }

    @Test
    void trainingUpdatesTheBatchNormRunningStatistics() {
        SimpleUnet network = initialized(Networks.tinySimpleUnet(), manager, 4);
        NDArray runningMean = PyTorchNames.of(network).get("downs.0.bnorm1.running_mean").getArray();
        float[] before = runningMean.toFloatArray();

        forward(network, manager, true, randomInputs(network, manager, 4));

        assertThat(runningMean.toFloatArray()).isNotEqualTo(before);
    }

    @Test
    void zeroContextRowIgnoresTheClassEmbedding() {
        SimpleUnet network = initialized(Networks.tinySimpleUnet(), manager, 2);
        NDList inputs = randomInputs(network, manager, 2);
        NDArray before = forward(network, manager, false, inputs);

        PyTorchNames.of(network).get("label_emb.weight").getArray().set(manager.ones(new Shape(8, 3)).toFloatArray());
        NDArray after = forward(network, manager, false, inputs);

        assertThat(after.get(1).toFloatArray()).containsExactly(before.get(1).toFloatArray());
        assertThat(after.get(0).toFloatArray()).isNotEqualTo(before.get(0).toFloatArray());
    }

    @Test
    void everyTrainableParameterLearns() {
        SimpleUnet network = initialized(Networks.tinySimpleUnet(), manager, 3);
        NDList inputs = randomInputs(network, manager, 3);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray eps = forward(network, manager, true, inputs);
            collector.backward(eps.sub(inputs.get(0)).abs().mean());
        }

        for (var entry : PyTorchNames.of(network).entrySet()) {
            if (entry.getValue().requiresGradient()) {
                assertThat(gradientMass(entry.getValue())).as(entry.getKey()).isGreaterThan(0f);
            }
        }
    }

    @Test
    void roundTripsWeightsAndRunningStatisticsThroughDjlParameterFiles() throws Exception {
        SimpleUnet saved = initialized(Networks.tinySimpleUnet(), manager, 2);
        NDList inputs = randomInputs(saved, manager, 2);
        forward(saved, manager, true, inputs); // moves the running statistics
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        saved.saveParameters(new DataOutputStream(bytes));
        SimpleUnet loaded = initialized(Networks.tinySimpleUnet(), manager, 2);

        loaded.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        assertThat(forward(loaded, manager, false, inputs).toFloatArray())
                .containsExactly(forward(saved, manager, false, inputs).toFloatArray());
    }

    @Test
    void rejectsImpossibleConfigurationsWithTheFieldName() {
        assertThatThrownBy(() -> SimpleUnet.builder().setImageSize(20).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("imageSize 20")
                .hasMessageContaining("16");
        assertThatThrownBy(() -> SimpleUnet.builder().setImageSize(16).optChannels(8).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("channels");
        assertThatThrownBy(() -> SimpleUnet.builder().setImageSize(16).optTimeEmbeddingDim(3).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeEmbeddingDim");
    }
}
