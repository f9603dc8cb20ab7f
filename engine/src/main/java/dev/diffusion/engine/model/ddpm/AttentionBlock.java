package dev.diffusion.engine.model.ddpm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import dev.diffusion.engine.model.layers.ScopedForward;
import dev.diffusion.engine.model.layers.Layers;

/**
 * Spatial self-attention of the DDPM U-Net (Ho et al. 2020 / Improved DDPM): {@code qkv = Conv1×1(
 * GroupNorm(x))} without bias, split per head into q, k, v of C/heads channels (the legacy
 * channel order {@code qkv.reshape(B·heads, 3C/heads, HW).chunk(3)}), scaled dot-product softmax
 * over the H·W positions, {@code proj} 1×1 conv, plus the input.
 *
 * <ul>
 *   <li>input: [N, C, H, W]
 *   <li>output: [N, C, H, W]
 *   <li>PyTorch names: {@code norm}, {@code qkv}, {@code proj}
 * </ul>
 */
public class AttentionBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int channels;
    private final int heads;
    private final Block norm;
    private final Block qkv;
    private final Block proj;

    /**
     * Creates the block.
     *
     * @param channels channels C, divisible by heads and groups
     * @param heads number of attention heads
     * @param groups GroupNorm groups
     */
    public AttentionBlock(int channels, int heads, int groups) {
        super(VERSION);
        if (heads <= 0 || channels % heads != 0) {
            throw new IllegalArgumentException(
                    "AttentionBlock: " + channels + " channels are not divisible into " + heads + " heads");
        }
        this.channels = channels;
        this.heads = heads;
        norm = addChildBlock("norm", Layers.groupNorm(groups));
        qkv = addChildBlock("qkv", Layers.conv(3 * channels, 1, 1, 0, false));
        proj = addChildBlock("proj", Layers.conv(channels, 1, 1, 0));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        Shape shape = x.getShape();
        long batch = shape.get(0);
        long positions = shape.get(2) * shape.get(3);
        NDArray normed = ScopedForward.forward(norm, ps, new NDList(x), training, params).head();
        NDArray projected = ScopedForward.forward(qkv, ps, new NDList(normed), training, params).head();
        NDList split = projected.reshape(batch * heads, -1, positions).split(3, 1);
        // 1/sqrt(sqrt(d)) on both q and k, as the reference, for fp16-friendly magnitudes
        float scale = (float) (1.0 / Math.sqrt(Math.sqrt((double) channels / heads)));
        NDArray scaleArray = Layers.constant(x.getManager(), scale, x.getDataType());
        NDArray q = split.get(0).mul(scaleArray);
        NDArray k = split.get(1).mul(scaleArray);
        NDArray v = split.get(2);
        NDArray weights = q.transpose(0, 2, 1).matMul(k).softmax(-1); // [B·h, T, S]
        NDArray attended = v.matMul(weights.transpose(0, 2, 1)); // [B·h, C/h, T]
        NDArray out = ScopedForward.forward(proj, ps, new NDList(attended.reshape(shape)), training, params).head();
        return new NDList(out.add(x));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        if (inputShapes[0].get(1) != channels) {
            throw new IllegalArgumentException(
                    "AttentionBlock built for " + channels + " channels got " + inputShapes[0]);
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        norm.initialize(manager, dataType, x);
        qkv.initialize(manager, dataType, x);
        proj.initialize(manager, dataType, x);
    }
}
