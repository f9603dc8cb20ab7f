package dev.diffusion.engine.model.contextunet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import dev.diffusion.engine.model.layers.ScopedForward;
import dev.diffusion.engine.model.layers.Layers;

/**
 * The {@code ResidualConvBlock} of the DeepLearning.AI course "How Diffusion Models Work": two 3×3
 * conv → norm → GELU stages; with {@code is_res} the input (or its 1×1 projection when the channel
 * count changes) is added and the sum divided by 1.414.
 *
 * <p>The DLAI course creates the 1×1 shortcut inside {@code forward}, so it is never trained; here it
 * is a registered child named {@code shortcut}, which the 2,020,225-parameter count includes.
 *
 * <ul>
 *   <li>input: [N, in, H, W]
 *   <li>output: [N, out, H, W]
 *   <li>PyTorch names: {@code conv1.0} conv, {@code conv1.1} norm, {@code conv2.0}, {@code
 *       conv2.1}, {@code shortcut}
 * </ul>
 */
public class ResidualConvBlock extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final float RESIDUAL_SCALE = 1.414f;

    private final int inChannels;
    private final int outChannels;
    private final boolean residual;

    private final Block conv1;
    private final Block conv2;
    private final Block shortcut;

    protected ResidualConvBlock(Builder builder) {
        super(VERSION);
        inChannels = builder.inChannels;
        outChannels = builder.outChannels;
        residual = builder.residual;
        conv1 = addChildBlock("conv1", stage(builder));
        conv2 = addChildBlock("conv2", stage(builder));
        shortcut =
                residual && inChannels != outChannels
                        ? addChildBlock("shortcut", Layers.conv(outChannels, 1, 1, 0))
                        : null;
    }

    private static SequentialBlock stage(Builder builder) {
        return new SequentialBlock()
                .add(Layers.conv(builder.outChannels, 3, 1, 1))
                .add(builder.norm.create(builder.normGroups))
                .add(Activation.geluBlock());
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
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDList x1 = ScopedForward.forward(conv1, parameterStore, new NDList(x), training, params);
        NDArray x2 = ScopedForward.forward(conv2, parameterStore, x1, training, params).head();
        x1.close();
        if (!residual) {
            return new NDList(x2);
        }
        NDArray skip =
                shortcut == null
                        ? x
                        : ScopedForward.forward(shortcut, parameterStore, new NDList(x), training, params).head();
        NDArray sum = skip.add(x2);
        return new NDList(sum.div(Layers.constant(sum.getManager(), RESIDUAL_SCALE, sum.getDataType())));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), outChannels, in.get(2), in.get(3))};
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        if (inputShapes[0].get(1) != inChannels) {
            throw new IllegalArgumentException(
                    "ResidualConvBlock built for " + inChannels + " input channels got " + inputShapes[0]);
        }
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        conv1.initialize(manager, dataType, inputShapes[0]);
        conv2.initialize(manager, dataType, conv1.getOutputShapes(inputShapes));
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, inputShapes[0]);
        }
    }

    /** Builder: in and out channels are required. */
    public static final class Builder {

        private int inChannels;
        private int outChannels;
        private boolean residual;
        private ResidualNorm norm = ResidualNorm.GROUP_NORM;
        private int normGroups = 8;

        Builder() {}

        /**
         * Sets the input channels.
         *
         * @param inChannels channels of the input
         * @return this builder
         */
        public Builder setInChannels(int inChannels) {
            this.inChannels = inChannels;
            return this;
        }

        /**
         * Sets the output channels.
         *
         * @param outChannels channels of the output
         * @return this builder
         */
        public Builder setOutChannels(int outChannels) {
            this.outChannels = outChannels;
            return this;
        }

        /**
         * The DLAI course's {@code is_res}: add the (projected) input (default false).
         *
         * @param residual true for a residual connection
         * @return this builder
         */
        public Builder optResidual(boolean residual) {
            this.residual = residual;
            return this;
        }

        /**
         * The normalisation after each convolution (default group norm).
         *
         * @param norm group or batch norm
         * @return this builder
         */
        public Builder optNorm(ResidualNorm norm) {
            this.norm = norm;
            return this;
        }

        /**
         * Groups of the group norm (default 8, as the DLAI course's other GroupNorm layers).
         *
         * @param normGroups number of groups, dividing the output channels
         * @return this builder
         */
        public Builder optNormGroups(int normGroups) {
            this.normGroups = normGroups;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return a new {@link ResidualConvBlock}
         * @throws IllegalArgumentException for non-positive channels or indivisible groups
         */
        public ResidualConvBlock build() {
            if (inChannels <= 0 || outChannels <= 0) {
                throw new IllegalArgumentException(
                        "ResidualConvBlock channels must be > 0, got in=" + inChannels + " out=" + outChannels);
            }
            if (norm == null) {
                throw new IllegalArgumentException("ResidualConvBlock norm must not be null");
            }
            if (norm == ResidualNorm.GROUP_NORM && (normGroups <= 0 || outChannels % normGroups != 0)) {
                throw new IllegalArgumentException(
                        "ResidualConvBlock: " + outChannels + " channels are not divisible into "
                                + normGroups + " GroupNorm groups");
            }
            return new ResidualConvBlock(this);
        }
    }
}
