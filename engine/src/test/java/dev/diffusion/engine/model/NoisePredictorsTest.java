package dev.diffusion.engine.model;

import static dev.diffusion.engine.model.Networks.forward;
import static dev.diffusion.engine.model.Networks.initialized;
import static dev.diffusion.engine.model.Networks.randomInputs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.diffusion.engine.model.contextunet.ContextUnet;
import dev.diffusion.engine.model.ddpm.DdpmUnet;
import dev.diffusion.engine.model.simple.SimpleUnet;
import dev.diffusion.engine.testing.EngineTestBase;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoisePredictorsTest extends EngineTestBase {

    @Test
    void buildsTheCourseContextUnetFromPlainParameters() {
        NoisePredictor network = NoisePredictors.create(NetworkSpec.contextUnet(1, 8, 8, 3, 10));

        initialized(network, manager, 2);

        assertThat(network).isInstanceOf(ContextUnet.class);
        assertThat(((ContextUnet) network).getTimesteps()).isEqualTo(10);
        // same network as the PyTorch fixture ContextUnet(1, 8, 3, 8): 20,873 parameters
        assertThat(NoisePredictors.countParameters(network)).isEqualTo(20_873L);
    }

    @Test
    void buildsADdpmUnetWithGroupsThatFitSmallChannelCounts() {
        NoisePredictor network =
                NoisePredictors.create(
                        new NetworkSpec(NetworkArchitecture.DDPM_UNET, 1, 8, 8, List.of(1, 2), 1, List.of(4), 0f, 3, 1000, null));

        initialized(network, manager, 2);
        NDArray eps = forward(network, manager, false, randomInputs(network, manager, 2));

        assertThat(network).isInstanceOf(DdpmUnet.class);
        assertThat(eps.getShape()).isEqualTo(new Shape(2, 1, 8, 8));
        // gcd(32, 8) = 4 groups: the fixture's UNetModel(1, 8, (1, 2), attention at 4, 3 classes)
        // with one head instead of two, and heads do not change the count: 44,873
        assertThat(NoisePredictors.countParameters(network)).isEqualTo(44_873L);
    }

    @Test
    void buildsASimpleUnetWhoseChannelsAreBaseTimesMultipliers() {
        NoisePredictor network =
                NoisePredictors.create(
                        new NetworkSpec(NetworkArchitecture.SIMPLE_UNET, 1, 8, 8, List.of(1, 2, 4), 0, List.of(), 0f, 0, 300, null));

        initialized(network, manager, 1);

        assertThat(network).isInstanceOf(SimpleUnet.class);
        assertThat(network.getNumClasses()).isZero();
        // PyTorch SimpleUnet(1, (8, 16, 32), time 32) = 61,305: time_mlp 32·32+32 = 1,056,
        // conv0 80, downs.0 8,192 (time_mlp 528, conv1 1,168, transform 4,112, conv2 2,320, two
        // BatchNorms 64), downs.1 31,488, ups.0 16,256, ups.1 4,224, output 9
        assertThat(NoisePredictors.countParameters(network)).isEqualTo(61_305L);
    }

    @Test
    void rejectsCombinationsTheArchitectureCannotBuild() {
        assertThatThrownBy(() -> NoisePredictors.create(NetworkSpec.contextUnet(1, 30, 64, 10, 500)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("context-unet needs imageSize divisible by 4, got 30");
        assertThatThrownBy(() -> NoisePredictors.create(
                        new NetworkSpec(NetworkArchitecture.DDPM_UNET, 3, 20, 32, List.of(1, 2, 2, 2), 2, List.of(), 0f, 0, 1000, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2^(levels-1) = 8, got 20");
        assertThatThrownBy(() -> NoisePredictors.create(
                        new NetworkSpec(NetworkArchitecture.DDPM_UNET, 3, 32, 32, List.of(1, 2), 2, List.of(12), 0f, 0, 1000, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attention resolution 12");
        assertThatThrownBy(() -> NoisePredictors.create(NetworkSpec.contextUnet(1, 28, 64, -1, 500)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numClasses");
    }

    @Test
    void countingNeedsAnInitialisedNetwork() {
        assertThatThrownBy(() -> NoisePredictors.countParameters(Networks.tinySimpleUnet()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("initialize");
    }
}
