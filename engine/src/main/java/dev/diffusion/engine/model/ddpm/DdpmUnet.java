package dev.diffusion.engine.model.ddpm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
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
 * The DDPM U-Net (Ho et al. 2020; Improved DDPM, Nichol &amp; Dhariwal 2021).
 *
 * <p>The 0-based timestep goes through {@code timestep_embedding(t, base)} and a two-layer MLP with
 * SiLU ({@code time_embed}, width 4·base); a class-conditional network adds {@code label_emb}, a
 * bias-free Linear on the context (an all-zero row adds nothing: unconditional). The down path
 * has {@code blocksPerLevel} {@link TimestepResBlock}s per level (with {@link AttentionBlock}s at
 * the attention resolutions) and a stride-2 {@link Downsample} between levels; the middle is
 * res–attention–res; the up path has {@code blocksPerLevel + 1} blocks per level, each fed the
 * concatenation with the matching down-path output, and a nearest×2 {@link Upsample} ending every
 * level but the last; {@code out} is GroupNorm → SiLU → Conv3×3.
 *
 * <p>Attention resolutions are feature-map sizes (16 means the 16×16 level), as in Improved
 * DDPM's command line.
 *
 * <ul>
 *   <li>input: x [N, C, S, S], t [N], context [N, K] when K &gt; 0
 *   <li>output: [N, outChannels, S, S]
 *   <li>the defaults (base 128, multipliers 1,2,2,2, two blocks, attention at 16, S = 32, C = 3)
 *       have 35,741,699 parameters, the DDPM CIFAR-10 model's 35.7 M
 * </ul>
 */
public class DdpmUnet extends AbstractNoisePredictor {

    private static final byte VERSION = 1;
    private static final double MAX_PERIOD = 10000;

    private final int baseChannels;
    private final int outChannels;
    private final Block timeEmbed;
    private final Block labelEmb;
    private final List<Block> downBlocks = new ArrayList<>();
    private final Block middleBlock;
    private final List<Block> upBlocks = new ArrayList<>();
    private final Block out;

    protected DdpmUnet(Builder b) {
        super(VERSION, b.inChannels, b.imageSize, b.numClasses);
        baseChannels = b.baseChannels;
        outChannels = b.outChannels > 0 ? b.outChannels : b.inChannels;
        int embDim = 4 * b.baseChannels;
        timeEmbed =
                addChildBlock(
                        "time_embed",
                        new SequentialBlock()
                                .add(Linear.builder().setUnits(embDim).build())
                                .add(Layers.silu())
                                .add(Linear.builder().setUnits(embDim).build()));
        labelEmb =
                b.numClasses > 0
                        ? addChildBlock("label_emb", Linear.builder().setUnits(embDim).optBias(false).build())
                        : null;

        addDown(new TimestepSequential(Layers.conv(b.baseChannels, 3, 1, 1)));
        Deque<Integer> skipChannels = new ArrayDeque<>();
        skipChannels.push(b.baseChannels);
        int ch = b.baseChannels;
        int resolution = b.imageSize;
        int levels = b.channelMultipliers.length;
        for (int level = 0; level < levels; level++) {
            int levelChannels = b.baseChannels * b.channelMultipliers[level];
            for (int i = 0; i < b.blocksPerLevel; i++) {
                List<Block> layers = new ArrayList<>();
                layers.add(new TimestepResBlock(ch, levelChannels, b.dropout, b.normGroups));
                ch = levelChannels;
                if (b.attends(resolution)) {
                    layers.add(new AttentionBlock(ch, b.numHeads, b.normGroups));
                }
                addDown(new TimestepSequential(layers.toArray(new Block[0])));
                skipChannels.push(ch);
            }
            if (level != levels - 1) {
                addDown(new TimestepSequential(new Downsample(ch)));
                skipChannels.push(ch);
                resolution /= 2;
            }
        }
        middleBlock =
                addChildBlock(
                        "middle_block",
                        new TimestepSequential(
                                new TimestepResBlock(ch, ch, b.dropout, b.normGroups),
                                new AttentionBlock(ch, b.numHeads, b.normGroups),
                                new TimestepResBlock(ch, ch, b.dropout, b.normGroups)));
        for (int level = levels - 1; level >= 0; level--) {
            int levelChannels = b.baseChannels * b.channelMultipliers[level];
            for (int i = 0; i <= b.blocksPerLevel; i++) {
                List<Block> layers = new ArrayList<>();
                layers.add(new TimestepResBlock(ch + skipChannels.pop(), levelChannels, b.dropout, b.normGroups));
                ch = levelChannels;
                if (b.attends(resolution)) {
                    layers.add(new AttentionBlock(ch, b.numHeads, b.normGroups));
                }
                if (level > 0 && i == b.blocksPerLevel) {
                    layers.add(new Upsample(ch));
                    resolution *= 2;
                }
                upBlocks.add(
                        addChildBlock(
                                "up_blocks." + upBlocks.size(),
                                new TimestepSequential(layers.toArray(new Block[0]))));
            }
        }
        out =
                addChildBlock(
                        "out",
                        new SequentialBlock()
                                .add(Layers.groupNorm(b.normGroups))
                                .add(Layers.silu())
                                .add(Layers.conv(outChannels, 3, 1, 1)));
    }

    private void addDown(Block block) {
        downBlocks.add(addChildBlock("down_blocks." + downBlocks.size(), block));
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
        NDArray sinusoid = SinusoidalEmbeddings.timestepEmbedding(t, baseChannels, MAX_PERIOD);
        NDArray emb = ScopedForward.forward(timeEmbed, ps, new NDList(sinusoid), training, params).head();
        if (labelEmb != null) {
            emb = emb.add(ScopedForward.forward(labelEmb, ps, new NDList(context), training, params).head());
        }
        Deque<NDArray> skips = new ArrayDeque<>();
        NDArray h = x;
        for (Block block : downBlocks) {
            h = ScopedForward.forward(block, ps, new NDList(h, emb), training, params).head();
            skips.push(h);
        }
        h = ScopedForward.forward(middleBlock, ps, new NDList(h, emb), training, params).head();
        for (Block block : upBlocks) {
            NDArray joined = h.concat(skips.pop(), 1);
            h = ScopedForward.forward(block, ps, new NDList(joined, emb), training, params).head();
        }
        return ScopedForward.forward(out, ps, new NDList(h), training, params).head();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {new Shape(x.get(0), outChannels, x.get(2), x.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        Shape emb = new Shape(batch, 4L * baseChannels);
        timeEmbed.initialize(manager, dataType, new Shape(batch, baseChannels));
        if (labelEmb != null) {
            labelEmb.initialize(manager, dataType, contextShape(inputShapes));
        }
        Deque<Shape> skips = new ArrayDeque<>();
        Shape h = inputShapes[0];
        for (Block block : downBlocks) {
            h = init(block, manager, dataType, h, emb);
            skips.push(h);
        }
        h = init(middleBlock, manager, dataType, h, emb);
        for (Block block : upBlocks) {
            Shape skip = skips.pop();
            Shape joined = new Shape(batch, h.get(1) + skip.get(1), h.get(2), h.get(3));
            h = init(block, manager, dataType, joined, emb);
        }
        out.initialize(manager, dataType, h);
    }

    private static Shape init(Block block, NDManager manager, DataType dataType, Shape h, Shape emb) {
        block.initialize(manager, dataType, h, emb);
        return block.getOutputShapes(new Shape[] {h, emb})[0];
    }

    /**
     * Builder: {@code setInChannels}, {@code setBaseChannels} and {@code setImageSize} are
     * required; the rest default to the DDPM CIFAR-10 configuration.
     */
    public static final class Builder {

        private int inChannels;
        private int outChannels;
        private int baseChannels;
        private int imageSize;
        private int[] channelMultipliers = {1, 2, 2, 2};
        private int blocksPerLevel = 2;
        private int[] attentionResolutions = {16};
        private float dropout;
        private int numClasses;
        private int normGroups = 32;
        private int numHeads = 1;

        Builder() {}

        /**
         * Sets the image channels of the input.
         *
         * @param inChannels image channels
         * @return this builder
         */
        public Builder setInChannels(int inChannels) {
            this.inChannels = inChannels;
            return this;
        }

        /**
         * Sets the output channels (default: the input channels).
         *
         * @param outChannels output channels
         * @return this builder
         */
        public Builder optOutChannels(int outChannels) {
            this.outChannels = outChannels;
            return this;
        }

        /**
         * Sets the base channel count ({@code model_channels}).
         *
         * @param baseChannels channels of the first level
         * @return this builder
         */
        public Builder setBaseChannels(int baseChannels) {
            this.baseChannels = baseChannels;
            return this;
        }

        /**
         * Sets the image size S of the S×S input.
         *
         * @param imageSize S, divisible by 2^(levels-1)
         * @return this builder
         */
        public Builder setImageSize(int imageSize) {
            this.imageSize = imageSize;
            return this;
        }

        /**
         * Sets the channel multiplier of each level (default 1, 2, 2, 2).
         *
         * @param channelMultipliers one positive multiplier per level
         * @return this builder
         */
        public Builder optChannelMultipliers(int... channelMultipliers) {
            this.channelMultipliers = channelMultipliers.clone();
            return this;
        }

        /**
         * Sets the residual blocks per level (default 2).
         *
         * @param blocksPerLevel {@code num_res_blocks}
         * @return this builder
         */
        public Builder optBlocksPerLevel(int blocksPerLevel) {
            this.blocksPerLevel = blocksPerLevel;
            return this;
        }

        /**
         * Sets the feature-map sizes that get self-attention (default 16).
         *
         * @param attentionResolutions sizes, each one of S, S/2, …; empty for none
         * @return this builder
         */
        public Builder optAttentionResolutions(int... attentionResolutions) {
            this.attentionResolutions = attentionResolutions.clone();
            return this;
        }

        /**
         * Sets the dropout rate in the residual blocks (default 0).
         *
         * @param dropout rate in [0, 1)
         * @return this builder
         */
        public Builder optDropout(float dropout) {
            this.dropout = dropout;
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
         * Sets the GroupNorm groups (default 32; use fewer for small channel counts).
         *
         * @param normGroups groups dividing every channel count
         * @return this builder
         */
        public Builder optNormGroups(int normGroups) {
            this.normGroups = normGroups;
            return this;
        }

        /**
         * Sets the attention heads (default 1, as in DDPM).
         *
         * @param numHeads heads dividing the channels of attended levels
         * @return this builder
         */
        public Builder optNumHeads(int numHeads) {
            this.numHeads = numHeads;
            return this;
        }

        boolean attends(int resolution) {
            for (int r : attentionResolutions) {
                if (r == resolution) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Builds the network.
         *
         * @return a new {@link DdpmUnet}
         * @throws IllegalArgumentException when the combination cannot work
         */
        public DdpmUnet build() {
            require(inChannels > 0, "inChannels must be > 0, got " + inChannels);
            require(outChannels >= 0, "outChannels must be >= 0 (0 = inChannels), got " + outChannels);
            require(baseChannels > 0, "baseChannels must be > 0, got " + baseChannels);
            require(channelMultipliers.length > 0, "channelMultipliers must not be empty");
            require(blocksPerLevel > 0, "blocksPerLevel must be > 0, got " + blocksPerLevel);
            require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got " + dropout);
            require(numClasses >= 0, "numClasses must be >= 0, got " + numClasses);
            require(normGroups > 0 && baseChannels % normGroups == 0,
                    "normGroups " + normGroups + " must divide baseChannels " + baseChannels
                            + " (all channel counts are multiples of it)");
            int levels = channelMultipliers.length;
            int reduction = 1 << (levels - 1);
            require(imageSize > 0 && imageSize % reduction == 0,
                    "imageSize " + imageSize + " must be divisible by 2^(levels-1) = " + reduction
                            + " for " + levels + " levels");
            List<Integer> sizes = new ArrayList<>();
            for (int level = 0; level < levels; level++) {
                require(channelMultipliers[level] > 0,
                        "channelMultipliers must be positive, got " + channelMultipliers[level]);
                sizes.add(imageSize >> level);
                if (attends(imageSize >> level)) {
                    require((baseChannels * channelMultipliers[level]) % numHeads == 0,
                            "numHeads " + numHeads + " must divide the " + baseChannels * channelMultipliers[level]
                                    + " channels attended at " + (imageSize >> level));
                }
            }
            for (int r : attentionResolutions) {
                require(sizes.contains(r), "attention resolution " + r + " is not a feature-map size " + sizes);
            }
            int deepest = baseChannels * channelMultipliers[levels - 1];
            require(numHeads > 0 && deepest % numHeads == 0,
                    "numHeads " + numHeads + " must divide the middle block's " + deepest + " channels");
            return new DdpmUnet(this);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException("DdpmUnet: " + message);
            }
        }
    }
}
