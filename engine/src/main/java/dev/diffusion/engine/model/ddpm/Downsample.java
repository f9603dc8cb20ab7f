package dev.diffusion.engine.model.ddpm;

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
 * DDPM down-sampling: a 3×3 convolution with stride 2 and padding 1 named {@code op}.
 *
 * <ul>
 *   <li>input: [N, C, H, W] with even H, W
 *   <li>output: [N, C, H/2, W/2]
 * </ul>
 */
public class Downsample extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block op;

    /**
     * Creates the block.
     *
     * @param channels channels in and out
     */
    public Downsample(int channels) {
        super(VERSION);
        op = addChildBlock("op", Layers.conv(channels, 3, 2, 1));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return ScopedForward.forward(op, ps, new NDList(inputs.head()), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return op.getOutputShapes(new Shape[] {inputShapes[0]});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        op.initialize(manager, dataType, inputShapes[0]);
    }
}
