package dev.diffusion.engine.model.weights;

import static dev.diffusion.engine.model.Networks.array;
import static dev.diffusion.engine.model.Networks.forward;
import static dev.diffusion.engine.model.Networks.initialized;
import static dev.diffusion.engine.model.Networks.maxAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.diffusion.engine.model.NoisePredictor;
import dev.diffusion.engine.model.NoisePredictors;
import dev.diffusion.engine.model.Networks;
import dev.diffusion.engine.model.contextunet.ContextUnet;
import dev.diffusion.engine.model.contextunet.ResidualNorm;
import java.io.IOException;
import java.net.URISyntaxException;
import org.junit.jupiter.api.Test;

/**
 * Compares the networks with PyTorch 1.13 on fixed weights; the fixtures come from {@code
 * engine/src/test/python/make_model_fixtures.py} (reference_models.py transcribes the original PyTorch code).
 */
class PyTorchFixtureTest {

    private static final float TOLERANCE = 2e-5f;

    @Test
    void contextUnetReproducesPyTorchOutputsAndParameterCount() throws Exception {
        // PyTorch: ContextUnet(1, 8, 3, 8) has 20,873 parameters
        assertMatchesPyTorch(Networks.tinyContextUnet(), "context_unet", "eps", false, 20_873);
    }

    @Test
    void batchNormContextUnetReproducesPyTorchEvalOutputs() throws Exception {
        ContextUnet network =
                ContextUnet.builder()
                        .setInChannels(3)
                        .setFeatures(8)
                        .optContextFeatures(2)
                        .setHeight(16)
                        .setTimesteps(20)
                        .optResidualNorm(ResidualNorm.BATCH_NORM)
                        .build();
        // PyTorch: ContextUnet(3, 8, 2, 16) with BatchNorm2d has 24,227 parameters
        assertMatchesPyTorch(network, "context_unet_batchnorm", "eps", false, 24_227);
    }

    @Test
    void ddpmUnetReproducesPyTorchOutputsFromNpz() throws Exception {
        // PyTorch: UNetModel(1, 8, (1, 2), 1 block, attention at 4x4, 2 heads, 3 classes) has 44,873
        assertMatchesPyTorch(Networks.tinyDdpmUnet(), "ddpm_unet", "eps", false, 44_873);
    }

    @Test
    void simpleUnetReproducesPyTorchInEvalAndTrainingMode() throws Exception {
        // PyTorch: SimpleUnet(1, (8, 16, 32), time 8, 3 classes) has 58,617 parameters
        assertMatchesPyTorch(Networks.tinySimpleUnet(), "simple_unet", "eps", false, 58_617);
        assertMatchesPyTorch(Networks.tinySimpleUnet(), "simple_unet", "eps_train", true, 58_617);
    }

    private static void assertMatchesPyTorch(
            NoisePredictor network, String name, String expectedKey, boolean training, long parameters)
            throws IOException, URISyntaxException {
        StateDict io = PyTorchFixtures.read(name + ".io.npz");
        try (NDManager manager = NDManager.newBaseManager()) {
            initialized(network, manager, 2);
            PyTorchFixtures.loadWeights(network, name);
            NDArray eps =
                    forward(
                            network,
                            manager,
                            training,
                            array(manager, io.get("x")),
                            array(manager, io.get("t")),
                            array(manager, io.get("context")));
            NDArray expected = array(manager, io.get(expectedKey));
            assertThat(NoisePredictors.countParameters(network)).isEqualTo(parameters);
            assertThat(eps.getShape()).isEqualTo(expected.getShape());
            assertThat(maxAbsDiff(eps, expected)).isLessThan(TOLERANCE);
        }
    }
}
