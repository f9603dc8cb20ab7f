package dev.diffusion.engine.model.contextunet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import dev.diffusion.engine.model.layers.ScopedForward;
import dev.diffusion.engine.model.AbstractNoisePredictor;
import dev.diffusion.engine.model.layers.ConvTranspose2d;
import dev.diffusion.engine.model.layers.Layers;

/**
 * The {@code ContextUnet} of the DeepLearning.AI course "How Diffusion Models Work" (after
 * minDiffusion): a two-level U-Net whose up path is modulated by class-context embeddings
 * (multiplied) and time embeddings (added): {@code up2 = up1(cemb1·up1 + temb1, down2)}, {@code up3
 * = up2(cemb2·up2 + temb2, down1)}, {@code out(cat(up3, x))}.
 *
 * <p>Time: the DLAI course feeds {@code t/T} with 1-based t; this block takes the 0-based contract
 * timestep and feeds {@code (t+1)/T}. A missing context is all zeros, the DLAI course's {@code c is
 * None} branch; with 0 classes the context embeddings are {@code EmbedFC(0, ·)}, constants.
 *
 * <p>{@code to_vec} average-pools the H/4 × H/4 bottleneck to 1×1. The original minDiffusion uses
 * {@code AvgPool2d(7)} for 28×28 and the DLAI course {@code AvgPool2d(4)} for its 16×16 sprites —
 * both equal to H/4, the default here; {@link Builder#optToVecPool} reproduces the DLAI course's
 * fixed 4 at other sizes (only valid when H/4 &lt; 8).
 *
 * <ul>
 *   <li>input: x [N, C, H, H], t [N], context [N, n_cfeat] (optional)
 *   <li>output: eps [N, C, H, H]
 *   <li>ContextUnet(1, 64, 10, 28) has 2,020,225 parameters, like the PyTorch original with a
 *       registered shortcut
 * </ul>
 */
public class ContextUnet extends AbstractNoisePredictor {

    private static final byte VERSION = 1;

    private final int features;
    private final int timesteps;
    private final int toVecPool;

    private final Block initConv;
    private final Block down1;
    private final Block down2;
    private final Block toVec;
    private final Block timeEmbed1;
    private final Block timeEmbed2;
    private final Block contextEmbed1;
    private final Block contextEmbed2;
    private final Block up0;
    private final Block up1;
    private final Block up2;
    private final Block out;

    protected ContextUnet(Builder b) {
        super(VERSION, b.inChannels, b.height, b.contextFeatures);
        features = b.features;
        timesteps = b.timesteps;
        toVecPool = b.toVecPool > 0 ? b.toVecPool : b.height / 4;
        int n = b.features;
        initConv =
                addChildBlock(
                        "init_conv",
                        ResidualConvBlock.builder()
                                .setInChannels(b.inChannels)
                                .setOutChannels(n)
                                .optResidual(true)
                                .optNorm(b.norm)
                                .optNormGroups(b.normGroups)
                                .build());
        down1 = addChildBlock("down1", new UnetDown(n, n, b.norm, b.normGroups));
        down2 = addChildBlock("down2", new UnetDown(n, 2 * n, b.norm, b.normGroups));
        Shape pool = new Shape(toVecPool, toVecPool);
        toVec =
                addChildBlock(
                        "to_vec",
                        new SequentialBlock()
                                .add(Pool.avgPool2dBlock(pool, pool))
                                .add(Activation.geluBlock()));
        timeEmbed1 = addChildBlock("timeembed1", new EmbedFC(1, 2 * n));
        timeEmbed2 = addChildBlock("timeembed2", new EmbedFC(1, n));
        contextEmbed1 = addChildBlock("contextembed1", new EmbedFC(b.contextFeatures, 2 * n));
        contextEmbed2 = addChildBlock("contextembed2", new EmbedFC(b.contextFeatures, n));
        int quarter = b.height / 4;
        up0 =
                addChildBlock(
                        "up0",
                        new SequentialBlock()
                                .add(
                                        ConvTranspose2d.builder()
                                                .setFilters(2 * n)
                                                .setKernelShape(new Shape(quarter, quarter))
                                                .optStride(new Shape(quarter, quarter))
                                                .build())
                                .add(Layers.groupNorm(8))
                                .add(Activation.reluBlock()));
        up1 = addChildBlock("up1", new UnetUp(4 * n, n, b.norm, b.normGroups));
        up2 = addChildBlock("up2", new UnetUp(2 * n, n, b.norm, b.normGroups));
        out =
                addChildBlock(
                        "out",
                        new SequentialBlock()
                                .add(Layers.conv(n, 3, 1, 1))
                                .add(Layers.groupNorm(8))
                                .add(Activation.reluBlock())
                                .add(Layers.conv(b.inChannels, 3, 1, 1)));
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
        long batch = x.getShape().get(0);
        NDArray c =
                context != null
                        ? context
                        : x.getManager().zeros(new Shape(batch, 0), x.getDataType());
        // float32 constants, as DJL makes of a float Number, but native (see Layers.constant)
        NDManager manager = t.getManager();
        NDArray time = t.add(Layers.constant(manager, 1f, DataType.FLOAT32))
                .div(Layers.constant(manager, timesteps, DataType.FLOAT32))
                .reshape(batch, 1);

        NDArray h = forward(initConv, ps, training, params, x);
        NDArray skip1 = forward(down1, ps, training, params, h);
        NDArray skip2 = forward(down2, ps, training, params, skip1);
        NDArray hidden = forward(toVec, ps, training, params, skip2);

        NDArray cemb1 = forward(contextEmbed1, ps, training, params, c).reshape(batch, 2L * features, 1, 1);
        NDArray temb1 = forward(timeEmbed1, ps, training, params, time).reshape(batch, 2L * features, 1, 1);
        NDArray cemb2 = forward(contextEmbed2, ps, training, params, c).reshape(batch, features, 1, 1);
        NDArray temb2 = forward(timeEmbed2, ps, training, params, time).reshape(batch, features, 1, 1);

        NDArray u1 = forward(up0, ps, training, params, hidden);
        NDArray u2 = forward(up1, ps, training, params, cemb1.mul(u1).add(temb1), skip2);
        NDArray u3 = forward(up2, ps, training, params, cemb2.mul(u2).add(temb2), skip1);
        return forward(out, ps, training, params, u3.concat(h, 1));
    }

    private static NDArray forward(
            Block block,
            ParameterStore ps,
            boolean training,
            PairList<String, Object> params,
            NDArray... inputs) {
        return ScopedForward.forward(block, ps, new NDList(inputs), training, params).head();
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        long batch = x.get(0);
        Shape h = init(initConv, manager, dataType, x);
        Shape skip1 = init(down1, manager, dataType, h);
        Shape skip2 = init(down2, manager, dataType, skip1);
        Shape hidden = init(toVec, manager, dataType, skip2);
        Shape time = new Shape(batch, 1);
        Shape context = new Shape(batch, getNumClasses());
        init(timeEmbed1, manager, dataType, time);
        init(timeEmbed2, manager, dataType, time);
        init(contextEmbed1, manager, dataType, context);
        init(contextEmbed2, manager, dataType, context);
        Shape u1 = init(up0, manager, dataType, hidden);
        Shape u2 = init(up1, manager, dataType, u1, skip2);
        Shape u3 = init(up2, manager, dataType, u2, skip1);
        init(out, manager, dataType, new Shape(batch, u3.get(1) + h.get(1), x.get(2), x.get(3)));
    }

    private static Shape init(Block block, NDManager manager, DataType dataType, Shape... shapes) {
        block.initialize(manager, dataType, shapes);
        return block.getOutputShapes(shapes)[0];
    }

    /**
     * Number of intermediate feature maps (the DLAI course's {@code n_feat}).
     *
     * @return n_feat
     */
    public int getFeatures() {
        return features;
    }

    /**
     * Number of diffusion steps T used to scale the time input.
     *
     * @return T
     */
    public int getTimesteps() {
        return timesteps;
    }

    /**
     * Builder with the DLAI course's arguments: {@code setInChannels}, {@code setFeatures}, {@code
     * setHeight} and {@code setTimesteps} are required; context features default to 10.
     */
    public static final class Builder {

        private int inChannels;
        private int features;
        private int contextFeatures = 10;
        private int height;
        private int timesteps;
        private ResidualNorm norm = ResidualNorm.GROUP_NORM;
        private int normGroups = 8;
        private int toVecPool;

        Builder() {}

        /**
         * Sets the image channels ({@code in_channels}).
         *
         * @param inChannels image channels
         * @return this builder
         */
        public Builder setInChannels(int inChannels) {
            this.inChannels = inChannels;
            return this;
        }

        /**
         * Sets {@code n_feat}, the base number of feature maps; a multiple of 8.
         *
         * @param features n_feat
         * @return this builder
         */
        public Builder setFeatures(int features) {
            this.features = features;
            return this;
        }

        /**
         * Sets {@code n_cfeat}, the width of the context vector (number of classes, 0 allowed).
         *
         * @param contextFeatures n_cfeat
         * @return this builder
         */
        public Builder optContextFeatures(int contextFeatures) {
            this.contextFeatures = contextFeatures;
            return this;
        }

        /**
         * Sets the image height = width, divisible by 4.
         *
         * @param height image size
         * @return this builder
         */
        public Builder setHeight(int height) {
            this.height = height;
            return this;
        }

        /**
         * Sets the number of diffusion steps T; the time input is (t+1)/T.
         *
         * @param timesteps T
         * @return this builder
         */
        public Builder setTimesteps(int timesteps) {
            this.timesteps = timesteps;
            return this;
        }

        /**
         * Sets the normalisation inside the residual blocks (default group norm).
         *
         * @param norm group or batch norm
         * @return this builder
         */
        public Builder optResidualNorm(ResidualNorm norm) {
            this.norm = norm;
            return this;
        }

        /**
         * Sets the groups of the residual blocks' group norm (default 8).
         *
         * @param normGroups groups dividing n_feat
         * @return this builder
         */
        public Builder optNormGroups(int normGroups) {
            this.normGroups = normGroups;
            return this;
        }

        /**
         * Sets the {@code to_vec} average-pool kernel (default H/4, a global pool); the DLAI
         * course hard-codes 4.
         *
         * @param toVecPool kernel and stride of the pool
         * @return this builder
         */
        public Builder optToVecPool(int toVecPool) {
            this.toVecPool = toVecPool;
            return this;
        }

        /**
         * Builds the network.
         *
         * @return a new {@link ContextUnet}
         * @throws IllegalArgumentException when the combination cannot work
         */
        public ContextUnet build() {
            require(inChannels > 0, "inChannels must be > 0, got " + inChannels);
            require(features > 0 && features % 8 == 0,
                    "features (n_feat) must be a positive multiple of 8 for GroupNorm(8), got " + features);
            require(contextFeatures >= 0, "contextFeatures (n_cfeat) must be >= 0, got " + contextFeatures);
            require(height >= 4 && height % 4 == 0, "height must be a positive multiple of 4, got " + height);
            require(timesteps > 0, "timesteps must be > 0, got " + timesteps);
            require(norm != null, "residual norm must not be null");
            require(norm != ResidualNorm.GROUP_NORM || (normGroups > 0 && features % normGroups == 0),
                    "normGroups " + normGroups + " must divide features " + features);
            int quarter = height / 4;
            int pool = toVecPool > 0 ? toVecPool : quarter;
            require(pool <= quarter && quarter < 2 * pool,
                    "toVecPool " + pool + " must reduce the " + quarter + "x" + quarter
                            + " bottleneck to 1x1 (need pool <= " + quarter + " < 2*pool)");
            return new ContextUnet(this);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException("ContextUnet: " + message);
            }
        }
    }
}
