package dev.diffusion.engine.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import dev.diffusion.engine.model.layers.Layers;
import dev.diffusion.engine.model.layers.ScopedForward;

/**
 * The evaluator's classifier: a small CNN whose penultimate layer is the feature space the Fréchet
 * distance is measured in, and whose logits decide the class of a generated image.
 *
 * <p>Two stages of {@code conv 3×3 → ReLU → conv 3×3 → ReLU → max-pool 2×2} (width w, then 2w
 * channels; padding keeps the size until the pool), a linear layer to F features with ReLU, and a
 * linear layer to K logits:
 *
 * <pre>
 *   stage1   [N, C, S, S]       → [N, w, S/2, S/2]
 *   stage2                      → [N, 2w, S/4, S/4]
 *   embed    flatten, Linear, ReLU → [N, F]        (features)
 *   classify Linear             → [N, K]           (logits)
 * </pre>
 *
 * <ul>
 *   <li>input: x [N, C, S, S], S a multiple of 4, images in [−1, 1]
 *   <li>output: logits [N, K]; {@link #featuresAndLogits} also returns the features [N, F]
 *   <li>w = 32, F = 128 on 28×28 gray images and 10 classes: 467,818 parameters
 * </ul>
 *
 * <p>No normalisation and no dropout: the forward pass is a fixed function of the weights, so the
 * features of an image do not depend on the batch it is scored in, and training has no randomness
 * beyond the initial weights and the batch order.
 */
public class EvaluatorNet extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int channels;
    private final int imageSize;
    private final int classes;
    private final int width;
    private final int features;

    private final Block stage1;
    private final Block stage2;
    private final Block embed;
    private final Block classify;

    protected EvaluatorNet(Builder b) {
        super(VERSION);
        channels = b.channels;
        imageSize = b.imageSize;
        classes = b.classes;
        width = b.width;
        features = b.features;
        stage1 = addChildBlock("stage1", stage(width));
        stage2 = addChildBlock("stage2", stage(2 * width));
        embed =
                addChildBlock(
                        "embed",
                        new SequentialBlock()
                                .add(Blocks.batchFlattenBlock())
                                .add(Linear.builder().setUnits(features).build())
                                .add(Activation.reluBlock()));
        classify = addChildBlock("classify", Linear.builder().setUnits(classes).build());
    }

    private static Block stage(int filters) {
        Shape two = new Shape(2, 2);
        return new SequentialBlock()
                .add(Layers.conv(filters, 3, 1, 1))
                .add(Activation.reluBlock())
                .add(Layers.conv(filters, 3, 1, 1))
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(two, two));
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
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList both = featuresAndLogits(parameterStore, inputs.head(), training);
        both.get(0).close();
        return new NDList(both.get(1));
    }

    /**
     * Runs the network and returns both heads.
     *
     * @param parameterStore the parameter store of the pass
     * @param x images [N, C, S, S]
     * @param training whether this is a training pass
     * @return NDList(features [N, F], logits [N, K]), attached to the manager of {@code x}
     */
    public NDList featuresAndLogits(ParameterStore parameterStore, NDArray x, boolean training) {
        checkImages(x.getShape());
        NDArray h1 = ScopedForward.forward(stage1, parameterStore, training, null, x);
        NDArray h2 = ScopedForward.forward(stage2, parameterStore, training, null, h1);
        h1.close();
        NDArray f = ScopedForward.forward(embed, parameterStore, training, null, h2);
        h2.close();
        NDArray logits = ScopedForward.forward(classify, parameterStore, training, null, f);
        return new NDList(f, logits);
    }

    /**
     * The penultimate features of images, for an inference pass.
     *
     * @param parameterStore the parameter store of the pass
     * @param x images [N, C, S, S]
     * @return features [N, F], attached to the manager of {@code x}
     */
    public NDArray features(ParameterStore parameterStore, NDArray x) {
        checkImages(x.getShape());
        NDArray h1 = ScopedForward.forward(stage1, parameterStore, false, null, x);
        NDArray h2 = ScopedForward.forward(stage2, parameterStore, false, null, h1);
        h1.close();
        NDArray f = ScopedForward.forward(embed, parameterStore, false, null, h2);
        h2.close();
        return f;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        if (inputShapes.length != 1) {
            throw new IllegalArgumentException("EvaluatorNet takes one input, images [N, C, S, S]; got "
                    + inputShapes.length + " shapes");
        }
        checkImages(inputShapes[0]);
    }

    private void checkImages(Shape x) {
        Shape expected = new Shape(x.dimension() > 0 ? x.get(0) : -1, channels, imageSize, imageSize);
        if (!x.equals(expected)) {
            throw new IllegalArgumentException("EvaluatorNet input must be " + expected + ", got " + x);
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape h1 = init(stage1, manager, dataType, inputShapes[0]);
        Shape h2 = init(stage2, manager, dataType, h1);
        Shape f = init(embed, manager, dataType, h2);
        init(classify, manager, dataType, f);
    }

    private static Shape init(Block block, NDManager manager, DataType dataType, Shape shape) {
        block.initialize(manager, dataType, shape);
        return block.getOutputShapes(new Shape[] {shape})[0];
    }

    /** @return C, the image channels */
    public int getChannels() {
        return channels;
    }

    /** @return S, the image height = width */
    public int getImageSize() {
        return imageSize;
    }

    /** @return K, the number of classes */
    public int getClasses() {
        return classes;
    }

    /** @return w, the channels of the first stage (the second has 2w) */
    public int getWidth() {
        return width;
    }

    /** @return F, the length of a feature vector */
    public int getFeatures() {
        return features;
    }

    /**
     * Builder: {@code setChannels}, {@code setImageSize} and {@code setClasses} are required; the
     * width defaults to 32 and the features to 128.
     */
    public static final class Builder {

        private int channels;
        private int imageSize;
        private int classes;
        private int width = 32;
        private int features = 128;

        Builder() {}

        /**
         * Sets the image channels C.
         *
         * @param channels 1 (gray) or 3 (RGB), any positive count works
         * @return this builder
         */
        public Builder setChannels(int channels) {
            this.channels = channels;
            return this;
        }

        /**
         * Sets the image size S (height = width).
         *
         * @param imageSize a positive multiple of 4 (two 2×2 pools)
         * @return this builder
         */
        public Builder setImageSize(int imageSize) {
            this.imageSize = imageSize;
            return this;
        }

        /**
         * Sets the number of classes K.
         *
         * @param classes at least 2
         * @return this builder
         */
        public Builder setClasses(int classes) {
            this.classes = classes;
            return this;
        }

        /**
         * Sets the channels of the first stage (default 32; the second stage has twice as many).
         *
         * @param width positive
         * @return this builder
         */
        public Builder optWidth(int width) {
            this.width = width;
            return this;
        }

        /**
         * Sets the length of the feature vector (default 128).
         *
         * @param features positive
         * @return this builder
         */
        public Builder optFeatures(int features) {
            this.features = features;
            return this;
        }

        /**
         * Builds the network.
         *
         * @return a new, uninitialised {@link EvaluatorNet}
         * @throws IllegalArgumentException when a setting is out of range
         */
        public EvaluatorNet build() {
            require(channels > 0, "channels must be > 0, got " + channels);
            require(imageSize >= 4 && imageSize % 4 == 0, "image size must be a positive multiple of 4, got " + imageSize);
            require(classes >= 2, "classes must be >= 2, got " + classes);
            require(width > 0, "width must be > 0, got " + width);
            require(features > 0, "features must be > 0, got " + features);
            return new EvaluatorNet(this);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException("EvaluatorNet: " + message);
            }
        }
    }
}
