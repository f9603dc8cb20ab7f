package dev.diffusion.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.diffusion.engine.model.contextunet.ContextUnet;
import dev.diffusion.engine.model.ddpm.DdpmUnet;
import dev.diffusion.engine.model.simple.SimpleUnet;
import dev.diffusion.engine.model.weights.Tensor;

/** Test helpers: tiny networks, forward passes and array conversions. */
public final class Networks {

    private Networks() {}

    /** ContextUnet(1, 8, 3, 8) with T = 10, the PyTorch fixture's configuration. */
    public static ContextUnet tinyContextUnet() {
        return ContextUnet.builder()
                .setInChannels(1)
                .setFeatures(8)
                .optContextFeatures(3)
                .setHeight(8)
                .setTimesteps(10)
                .build();
    }

    /** A two-level DDPM U-Net on 8×8 with attention at 4×4, two heads and 3 classes. */
    public static DdpmUnet tinyDdpmUnet() {
        return DdpmUnet.builder()
                .setInChannels(1)
                .setBaseChannels(8)
                .setImageSize(8)
                .optChannelMultipliers(1, 2)
                .optBlocksPerLevel(1)
                .optAttentionResolutions(4)
                .optNumHeads(2)
                .optNormGroups(4)
                .optNumClasses(3)
                .build();
    }

    /** SimpleUnet with channels 8, 16, 32 on 1×8×8, time width 8 and 3 classes. */
    public static SimpleUnet tinySimpleUnet() {
        return SimpleUnet.builder()
                .optImageChannels(1)
                .setImageSize(8)
                .optChannels(8, 16, 32)
                .optTimeEmbeddingDim(8)
                .optNumClasses(3)
                .build();
    }

    /** Initialises a network for the given batch size and returns it. */
    public static <T extends NoisePredictor> T initialized(T network, NDManager manager, long batch) {
        network.initialize(manager, DataType.FLOAT32, network.inputShapes(batch));
        return network;
    }

    /** Runs one forward pass and returns the first output. */
    public static NDArray forward(Block block, NDManager manager, boolean training, NDArray... inputs) {
        return block.forward(new ParameterStore(manager, false), new NDList(inputs), training).head();
    }

    /** Runs one forward pass on a list of inputs and returns the first output. */
    public static NDArray forward(Block block, NDManager manager, boolean training, NDList inputs) {
        return block.forward(new ParameterStore(manager, false), inputs, training).head();
    }

    /** The sum of absolute gradient values of a parameter after a backward pass. */
    public static float gradientMass(Parameter parameter) {
        return parameter.getArray().getGradient().abs().sum().getFloat();
    }

    /** Random inputs x, t, context (one-hot rows cycling through the classes, last row zero). */
    public static NDList randomInputs(NoisePredictor network, NDManager manager, long batch) {
        NDArray x =
                manager.randomNormal(
                        new Shape(batch, network.getImageChannels(), network.getImageSize(), network.getImageSize()));
        NDArray t = manager.arange(0f, batch).mul(3f);
        if (network.getNumClasses() == 0) {
            return new NDList(x, t);
        }
        float[] context = new float[(int) batch * network.getNumClasses()];
        for (int row = 0; row < batch - 1; row++) {
            context[row * network.getNumClasses() + row % network.getNumClasses()] = 1f;
        }
        return new NDList(x, t, manager.create(context, new Shape(batch, network.getNumClasses())));
    }

    /** A tensor as an NDArray. */
    public static NDArray array(NDManager manager, Tensor tensor) {
        return manager.create(tensor.data(), tensor.djlShape());
    }

    /** The largest absolute element-wise difference. */
    public static float maxAbsDiff(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }
}
