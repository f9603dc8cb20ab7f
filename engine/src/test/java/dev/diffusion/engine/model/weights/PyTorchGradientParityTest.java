package dev.diffusion.engine.model.weights;

import static dev.diffusion.engine.model.Networks.array;
import static dev.diffusion.engine.model.Networks.forward;
import static dev.diffusion.engine.model.Networks.initialized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import dev.diffusion.engine.model.NoisePredictor;
import dev.diffusion.engine.model.Networks;
import dev.diffusion.engine.testing.EngineTestBase;
import org.junit.jupiter.api.Test;

/**
 * Compares every parameter gradient, and the input's, with PyTorch 1.13 on the forward fixtures'
 * weights and inputs. The loss is {@code (eps * g).sum()} for a fixed random {@code g}, so the
 * backward pass starts from the same {@code d loss / d eps = g} on both sides; the fixtures come
 * from {@code engine/src/test/python/make_gradient_fixtures.py}.
 */
class PyTorchGradientParityTest extends EngineTestBase {

    /**
     * The largest accepted {@code max|djl - pytorch| / max|pytorch|} per gradient tensor. Both sides
     * compute in float32 (unit round-off 6e-8) but with different libtorch versions (2.7.1 here, 1.13
     * for the fixtures) and kernels, so sums are taken in a different order; over the ~20 layers a
     * backward pass crosses, the rounding grows to a few 1e-6 of a tensor's scale. A wrong op, shape
     * or missing term shows up as an error of order 1.
     */
    private static final double RELATIVE_TOLERANCE = 1e-4;

    /**
     * PyTorch gradients below this fraction of the network's largest gradient value are round-off
     * of an exact zero, and DJL's must stay below the same bound. Such zeros are conv biases feeding a
     * GroupNorm with one channel per group, whose mean subtraction cancels a per-channel constant.
     * In these fixtures they are about 1e-7 of the largest value, the real gradients at least 7e-3.
     */
    private static final double ROUND_OFF_FRACTION = 1e-5;

    /**
     * The bound for the scalar loss (about 1 here) relative to its value: float32 sums through the whole
     * network, whose GroupNorm takes its variance as E[x²] − E[x]² (1.2e-5 off PyTorch's two-pass variance).
     */
    private static final double LOSS_TOLERANCE = 5e-5;

    @Test
    void groupNormContextUnetGradientsMatchPyTorchInTraining() throws Exception {
        // n_feat 8 = 8 groups: the 15 conv biases feeding a one-channel group get no gradient
        assertGradientsMatchPyTorch(Networks.tinyContextUnet(), "context_unet", true, 15);
    }

    @Test
    void ddpmUnetGradientsMatchPyTorchInTraining() throws Exception {
        // dropout is 0 in the tiny network and the fixture, so training mode is deterministic
        assertGradientsMatchPyTorch(Networks.tinyDdpmUnet(), "ddpm_unet", true, 0);
    }

    @Test
    void simpleUnetGradientsMatchPyTorchWithBatchNormRunningStatistics() throws Exception {
        assertGradientsMatchPyTorch(Networks.tinySimpleUnet(), "simple_unet", false, 0);
    }

    private void assertGradientsMatchPyTorch(
            NoisePredictor network, String name, boolean training, int zeroGradients) throws Exception {
        StateDict io = PyTorchFixtures.read(name + ".io.npz");
        StateDict lossFixture = PyTorchFixtures.read(name + ".loss.npz");
        initialized(network, manager, 2);
        PyTorchFixtures.loadWeights(network, name);
        NDArray x = array(manager, io.get("x"));
        x.setRequiresGradient(true);
        float loss;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray t = array(manager, io.get("t"));
            NDArray eps = forward(network, manager, training, x, t, array(manager, io.get("context")));
            NDArray lossArray = eps.mul(array(manager, lossFixture.get("g"))).sum();
            loss = lossArray.getFloat();
            collector.backward(lossArray);
        }

        float expectedLoss = lossFixture.get("loss").data()[0];
        assertThat(loss).as("%s loss", name).isCloseTo(expectedLoss, within((float) (LOSS_TOLERANCE * Math.abs(expectedLoss))));
        GradientComparison parameters =
                GradientComparison.of(
                        PyTorchNames.of(network),
                        PyTorchFixtures.read(name + ".grad.npz"),
                        RELATIVE_TOLERANCE,
                        ROUND_OFF_FRACTION);
        assertThat(parameters.problems()).as("%s parameter gradients", name).isEmpty();
        assertThat(parameters.zeroGradients()).as("%s round-off gradients", name).hasSize(zeroGradients);
        Tensor expectedInputGradient = lossFixture.get("x_grad");
        String input =
                GradientComparison.mismatch(
                        x.getShape(), x.getGradient().toFloatArray(), expectedInputGradient, RELATIVE_TOLERANCE, 0);
        assertThat(input).as("%s input gradient", name).isNull();
    }
}
