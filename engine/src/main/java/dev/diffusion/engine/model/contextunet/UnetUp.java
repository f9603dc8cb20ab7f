package dev.diffusion.engine.model.contextunet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import dev.diffusion.engine.model.layers.ScopedForward;
import dev.diffusion.engine.model.layers.ConvTranspose2d;
import java.util.Arrays;

/**
 * The {@code UnetUp} of the DeepLearning.AI course "How Diffusion Models Work": concatenates the
 * input with the skip connection along the channels, up-samples with {@code ConvTranspose2d(in,
 * out, 2, 2)} and applies two {@link ResidualConvBlock}s.
 *
 * <ul>
 *   <li>input: x [N, a, H, W] and skip [N, b, H, W] with a + b = in
 *   <li>output: [N, out, 2H, 2W]
 *   <li>PyTorch names: {@code model.0} (transposed conv), {@code model.1}, {@code model.2}
 * </ul>
 */
public class UnetUp extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int inChannels;
    private final SequentialBlock model;

    /**
     * Creates the block.
     *
     * @param inChannels channels of x and skip together
     * @param outChannels output channels
     * @param norm normalisation of the residual blocks
     * @param normGroups group-norm groups
     */
    public UnetUp(int inChannels, int outChannels, ResidualNorm norm, int normGroups) {
        super(VERSION);
        this.inChannels = inChannels;
        model =
                addChildBlock(
                        "model",
                        new SequentialBlock()
                                .add(
                                        ConvTranspose2d.builder()
                                                .setFilters(outChannels)
                                                .setKernelShape(new Shape(2, 2))
                                                .optStride(new Shape(2, 2))
                                                .build())
                                .add(UnetDown.residual(outChannels, outChannels, norm, normGroups))
                                .add(UnetDown.residual(outChannels, outChannels, norm, normGroups)));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray joined = inputs.get(0).concat(inputs.get(1), 1);
        return ScopedForward.forward(model, parameterStore, new NDList(joined), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return model.getOutputShapes(new Shape[] {joined(inputShapes)});
    }

    private static Shape joined(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape(x.get(0), x.get(1) + inputShapes[1].get(1), x.get(2), x.get(3));
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        if (inputShapes.length != 2 || joined(inputShapes).get(1) != inChannels) {
            throw new IllegalArgumentException(
                    "UnetUp expects x and skip with " + inChannels + " channels together, got "
                            + Arrays.toString(inputShapes));
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        model.initialize(manager, dataType, joined(inputShapes));
    }
}
