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
 * DDPM up-sampling: nearest-neighbour ×2 then a 3×3 convolution named {@code conv}.
 *
 * <ul>
 *   <li>input: [N, C, H, W]
 *   <li>output: [N, C, 2H, 2W]
 * </ul>
 */
public class Upsample extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block conv;

    /**
     * Creates the block.
     *
     * @param channels channels in and out
     */
    public Upsample(int channels) {
        super(VERSION);
        conv = addChildBlock("conv", Layers.conv(channels, 3, 1, 1));
    }

    /**
     * Nearest-neighbour up-sampling by 2, {@code F.interpolate(x, scale_factor=2, mode="nearest")}.
     *
     * @param x [N, C, H, W]
     * @return [N, C, 2H, 2W]
     */
    public static NDArray nearest2x(NDArray x) {
        return x.repeat(2, 2).repeat(3, 2);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return ScopedForward.forward(conv, ps, new NDList(nearest2x(inputs.head())), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {doubled(x)};
    }

    private static Shape doubled(Shape x) {
        return new Shape(x.get(0), x.get(1), 2 * x.get(2), 2 * x.get(3));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, doubled(inputShapes[0]));
    }
}
