package dev.diffusion.engine.model.simple;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import dev.diffusion.engine.model.layers.ScopedForward;
import dev.diffusion.engine.model.AbstractNoisePredictor;
import dev.diffusion.engine.model.layers.Layers;
import dev.diffusion.engine.model.layers.SinusoidalEmbeddings;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The {@code SimpleUnet} of the "Diffusion models from scratch in PyTorch" tutorial (DeepFindr):
 * {@code time_mlp = SinusoidalPositionEmbeddings(E) → Linear → ReLU} on the 0-based timestep,
 * {@code conv0} 3×3 to the first channel count, one down {@link SimpleUnetBlock} per step of the
 * channel tuple, as many up blocks each fed the concatenation with the matching down output, and a
 * 1×1 {@code output} conv.
 *
 * <p>Beyond the tutorial: the image channels (tutorial: 3) and the channel tuple are configurable,
 * and a class-conditional network adds {@code label_emb}, a bias-free Linear on the context, to the
 * time embedding (an all-zero row adds nothing).
 *
 * <ul>
 *   <li>input: x [N, C, S, S] with S divisible by 2^(len(channels)-1), t [N], context [N, K]
 *   <li>output: [N, C, S, S]
 *   <li>the tutorial's configuration (C = 3, channels 64…1024, E = 32) has 62,438,883 parameters
 * </ul>
 */
public class SimpleUnet extends AbstractNoisePredictor {

    private static final byte VERSION = 1;

    private final int timeEmbeddingDim;
    private final Block timeMlp;
    private final Block labelEmb;
    private final Block conv0;
    private final List<Block> downs = new ArrayList<>();
    private final List<Block> ups = new ArrayList<>();
    private final Block output;

    protected SimpleUnet(Builder b) {
        super(VERSION, b.imageChannels, b.imageSize, b.numClasses);
        timeEmbeddingDim = b.timeEmbeddingDim;
        int dim = b.timeEmbeddingDim;
        timeMlp =
                addChildBlock(
                        "time_mlp",
                        new SequentialBlock()
                                .add(
                                        LambdaBlock.singleton(
                                                t -> SinusoidalEmbeddings.positionEmbedding(t, dim),
                                                "SinusoidalPositionEmbeddings"))
                                .add(Linear.builder().setUnits(dim).build())
                                .add(Activation.reluBlock()));
        labelEmb =
                b.numClasses > 0
                        ? addChildBlock("label_emb", Linear.builder().setUnits(dim).optBias(false).build())
                        : null;
        int[] down = b.channels;
        conv0 = addChildBlock("conv0", Layers.conv(down[0], 3, 1, 1));
        for (int i = 0; i < down.length - 1; i++) {
            downs.add(addChildBlock("downs." + i, new SimpleUnetBlock(down[i], down[i + 1], false)));
        }
        for (int i = down.length - 1; i > 0; i--) {
            ups.add(
                    addChildBlock(
                            "ups." + ups.size(), new SimpleUnetBlock(down[i], down[i - 1], true)));
        }
        output = addChildBlock("output", Layers.conv(b.imageChannels, 1, 1, 0));
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected NDArray predict(
            ParameterStore ps,
            NDArray x,
            NDArray t,
            NDArray context,
            boolean training,
            PairList<String, Object> params) {
        NDArray time = ScopedForward.forward(timeMlp, ps, new NDList(t), training, params).head();
        if (labelEmb != null) {
            time = time.add(ScopedForward.forward(labelEmb, ps, new NDList(context), training, params).head());
        }
        NDArray h = ScopedForward.forward(conv0, ps, new NDList(x), training, params).head();
        Deque<NDArray> residuals = new ArrayDeque<>();
        for (Block block : downs) {
            h = ScopedForward.forward(block, ps, new NDList(h, time), training, params).head();
            residuals.push(h);
        }
        for (Block block : ups) {
            NDArray joined = h.concat(residuals.pop(), 1);
            h = ScopedForward.forward(block, ps, new NDList(joined, time), training, params).head();
        }
        return ScopedForward.forward(output, ps, new NDList(h), training, params).head();
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        long batch = x.get(0);
        timeMlp.initialize(manager, dataType, new Shape(batch));
        Shape time = new Shape(batch, timeEmbeddingDim);
        if (labelEmb != null) {
            labelEmb.initialize(manager, dataType, contextShape(inputShapes));
        }
        conv0.initialize(manager, dataType, x);
        Shape h = conv0.getOutputShapes(new Shape[] {x})[0];
        Deque<Shape> residuals = new ArrayDeque<>();
        for (Block block : downs) {
            block.initialize(manager, dataType, h, time);
            h = block.getOutputShapes(new Shape[] {h, time})[0];
            residuals.push(h);
        }
        for (Block block : ups) {
            Shape skip = residuals.pop();
            Shape joined = new Shape(batch, h.get(1) + skip.get(1), h.get(2), h.get(3));
            block.initialize(manager, dataType, joined, time);
            h = block.getOutputShapes(new Shape[] {joined, time})[0];
        }
        output.initialize(manager, dataType, h);
    }

    /** Builder: {@code setImageSize} is required; the rest default to the tutorial's network. */
    public static final class Builder {

        private int imageChannels = 3;
        private int imageSize;
        private int[] channels = {64, 128, 256, 512, 1024};
        private int timeEmbeddingDim = 32;
        private int numClasses;

        Builder() {}

        /**
         * Sets the image channels (default 3, the tutorial's RGB).
         *
         * @param imageChannels channels of input and output
         * @return this builder
         */
        public Builder optImageChannels(int imageChannels) {
            this.imageChannels = imageChannels;
            return this;
        }

        /**
         * Sets the image size S of the S×S input.
         *
         * @param imageSize S, divisible by 2^(len(channels)-1)
         * @return this builder
         */
        public Builder setImageSize(int imageSize) {
            this.imageSize = imageSize;
            return this;
        }

        /**
         * Sets the down-path channel tuple (default 64, 128, 256, 512, 1024); the up path
         * reverses it.
         *
         * @param channels at least two positive counts
         * @return this builder
         */
        public Builder optChannels(int... channels) {
            this.channels = channels.clone();
            return this;
        }

        /**
         * Sets the time embedding width (default 32).
         *
         * @param timeEmbeddingDim an even width of at least 4
         * @return this builder
         */
        public Builder optTimeEmbeddingDim(int timeEmbeddingDim) {
            this.timeEmbeddingDim = timeEmbeddingDim;
            return this;
        }

        /**
         * Sets the number of classes K of the context (default 0, unconditional).
         *
         * @param numClasses K
         * @return this builder
         */
        public Builder optNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /**
         * Builds the network.
         *
         * @return a new {@link SimpleUnet}
         * @throws IllegalArgumentException when the combination cannot work
         */
        public SimpleUnet build() {
            require(imageChannels > 0, "imageChannels must be > 0, got " + imageChannels);
            require(channels.length >= 2, "channels needs at least two entries, got " + channels.length);
            for (int c : channels) {
                require(c > 0, "channels must be positive, got " + c);
            }
            int reduction = 1 << (channels.length - 1);
            require(imageSize > 0 && imageSize % reduction == 0,
                    "imageSize " + imageSize + " must be divisible by 2^(len(channels)-1) = " + reduction);
            require(timeEmbeddingDim >= 4 && timeEmbeddingDim % 2 == 0,
                    "timeEmbeddingDim must be even and >= 4, got " + timeEmbeddingDim);
            require(numClasses >= 0, "numClasses must be >= 0, got " + numClasses);
            return new SimpleUnet(this);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException("SimpleUnet: " + message);
            }
        }
    }
}
