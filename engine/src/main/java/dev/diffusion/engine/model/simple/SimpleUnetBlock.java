package dev.diffusion.engine.model.simple;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import dev.diffusion.engine.model.layers.ScopedForward;
import dev.diffusion.engine.model.layers.ConvTranspose2d;
import dev.diffusion.engine.model.layers.Layers;
import java.util.Arrays;

/**
 * The {@code Block} of the SimpleUnet in "Diffusion models from scratch in PyTorch" (DeepFindr):
 * {@code h = bnorm1(relu(conv1(x))); h += relu(time_mlp(t)); h = bnorm2(relu(conv2(h))); return
 * transform(h)}, where {@code transform} halves the size with {@code Conv2d(out, out, 4, 2, 1)} on
 * the way down and doubles it with {@code ConvTranspose2d(out, out, 4, 2, 1)} on the way up (whose
 * {@code conv1} takes the concatenation with the skip, 2·in channels).
 *
 * <ul>
 *   <li>input: x [N, in (down) or 2·in (up), H, W], t [N, E]
 *   <li>output: [N, out, H/2, W/2] (down) or [N, out, 2H, 2W] (up)
 *   <li>PyTorch names, in registration order: {@code time_mlp, conv1, transform, conv2, bnorm1,
 *       bnorm2}
 * </ul>
 */
public class SimpleUnetBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int inChannels;
    private final int outChannels;
    private final boolean up;
    private final Block timeMlp;
    private final Block conv1;
    private final Block transform;
    private final Block conv2;
    private final Block bnorm1;
    private final Block bnorm2;

    /**
     * Creates the block.
     *
     * @param inChannels {@code in_ch} of the tutorial's {@code Block} (the input has twice as many when up)
     * @param outChannels {@code out_ch}
     * @param up true for the up-sampling variant
     */
    public SimpleUnetBlock(int inChannels, int outChannels, boolean up) {
        super(VERSION);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.up = up;
        timeMlp = addChildBlock("time_mlp", Linear.builder().setUnits(outChannels).build());
        conv1 = addChildBlock("conv1", Layers.conv(outChannels, 3, 1, 1));
        transform =
                addChildBlock(
                        "transform",
                        up
                                ? ConvTranspose2d.builder()
                                        .setFilters(outChannels)
                                        .setKernelShape(new Shape(4, 4))
                                        .optStride(new Shape(2, 2))
                                        .optPadding(new Shape(1, 1))
                                        .build()
                                : Layers.conv(outChannels, 4, 2, 1));
        conv2 = addChildBlock("conv2", Layers.conv(outChannels, 3, 1, 1));
        bnorm1 = addChildBlock("bnorm1", Layers.batchNorm());
        bnorm2 = addChildBlock("bnorm2", Layers.batchNorm());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray t = inputs.get(1);
        NDArray h = Activation.relu(apply(conv1, ps, training, params, x));
        h = apply(bnorm1, ps, training, params, h);
        NDArray time = Activation.relu(apply(timeMlp, ps, training, params, t));
        h = h.add(time.reshape(time.getShape().get(0), outChannels, 1, 1));
        h = apply(bnorm2, ps, training, params, Activation.relu(apply(conv2, ps, training, params, h)));
        return new NDList(apply(transform, ps, training, params, h));
    }

    private static NDArray apply(
            Block block, ParameterStore ps, boolean training, PairList<String, Object> params, NDArray x) {
        return ScopedForward.forward(block, ps, new NDList(x), training, params).head();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return transform.getOutputShapes(new Shape[] {inner(inputShapes[0])});
    }

    private Shape inner(Shape x) {
        return new Shape(x.get(0), outChannels, x.get(2), x.get(3));
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        long expected = up ? 2L * inChannels : inChannels;
        if (inputShapes.length != 2 || inputShapes[0].get(1) != expected) {
            throw new IllegalArgumentException(
                    "SimpleUnetBlock expects x with " + expected + " channels and t, got "
                            + Arrays.toString(inputShapes));
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape inner = inner(inputShapes[0]);
        timeMlp.initialize(manager, dataType, inputShapes[1]);
        conv1.initialize(manager, dataType, inputShapes[0]);
        transform.initialize(manager, dataType, inner);
        conv2.initialize(manager, dataType, inner);
        bnorm1.initialize(manager, dataType, inner);
        bnorm2.initialize(manager, dataType, inner);
    }
}
