package dev.diffusion.engine.model.contextunet;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import dev.diffusion.engine.model.layers.ScopedForward;

/**
 * The {@code UnetDown} of the DeepLearning.AI course "How Diffusion Models Work": two {@link
 * ResidualConvBlock}s then {@code MaxPool2d(2)}.
 *
 * <ul>
 *   <li>input: [N, in, H, W]
 *   <li>output: [N, out, H/2, W/2]
 *   <li>PyTorch names: {@code model.0}, {@code model.1} (residual blocks)
 * </ul>
 */
public class UnetDown extends AbstractBlock {

    private static final byte VERSION = 1;

    private final SequentialBlock model;

    /**
     * Creates the block.
     *
     * @param inChannels input channels
     * @param outChannels output channels
     * @param norm normalisation of the residual blocks
     * @param normGroups group-norm groups
     */
    public UnetDown(int inChannels, int outChannels, ResidualNorm norm, int normGroups) {
        super(VERSION);
        model =
                addChildBlock(
                        "model",
                        new SequentialBlock()
                                .add(residual(inChannels, outChannels, norm, normGroups))
                                .add(residual(outChannels, outChannels, norm, normGroups))
                                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2))));
    }

    static ResidualConvBlock residual(int in, int out, ResidualNorm norm, int normGroups) {
        return ResidualConvBlock.builder()
                .setInChannels(in)
                .setOutChannels(out)
                .optNorm(norm)
                .optNormGroups(normGroups)
                .build();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return ScopedForward.forward(model, parameterStore, new NDList(inputs.head()), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return model.getOutputShapes(new Shape[] {inputShapes[0]});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        model.initialize(manager, dataType, inputShapes[0]);
    }
}
