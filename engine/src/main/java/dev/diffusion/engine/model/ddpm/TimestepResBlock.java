package dev.diffusion.engine.model.ddpm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import dev.diffusion.engine.model.layers.ScopedForward;
import dev.diffusion.engine.model.layers.Layers;
import java.util.Arrays;

/**
 * The DDPM residual block with time conditioning (Ho et al. 2020 / Improved DDPM):
 * {@code h = conv1(x) + time_emb(emb)[:, :, None, None]; h = conv2(h); return h + shortcut(x)}
 * where {@code conv1 = GroupNorm → SiLU → Conv3×3}, {@code time_emb = SiLU → Linear}, {@code conv2
 * = GroupNorm → SiLU → Dropout → Conv3×3} and the shortcut is a 1×1 conv when the channel count
 * changes (identity otherwise).
 *
 * <ul>
 *   <li>input: x [N, in, H, W], emb [N, E]
 *   <li>output: [N, out, H, W]
 * </ul>
 */
public class TimestepResBlock extends AbstractBlock implements TimeConditioned {

    private static final byte VERSION = 1;

    private final int inChannels;
    private final int outChannels;
    private final Block conv1;
    private final Block timeEmb;
    private final Block conv2;
    private final Block shortcut;

    /**
     * Creates the block.
     *
     * @param inChannels input channels
     * @param outChannels output channels
     * @param dropout dropout rate before the second convolution
     * @param groups GroupNorm groups, dividing both channel counts
     */
    public TimestepResBlock(int inChannels, int outChannels, float dropout, int groups) {
        super(VERSION);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        conv1 =
                addChildBlock(
                        "conv1",
                        new SequentialBlock()
                                .add(Layers.groupNorm(groups))
                                .add(Layers.silu())
                                .add(Layers.conv(outChannels, 3, 1, 1)));
        timeEmb =
                addChildBlock(
                        "time_emb",
                        new SequentialBlock()
                                .add(Layers.silu())
                                .add(Linear.builder().setUnits(outChannels).build()));
        conv2 =
                addChildBlock(
                        "conv2",
                        new SequentialBlock()
                                .add(Layers.groupNorm(groups))
                                .add(Layers.silu())
                                .add(Dropout.builder().optRate(dropout).build())
                                .add(Layers.conv(outChannels, 3, 1, 1)));
        shortcut =
                inChannels != outChannels
                        ? addChildBlock("shortcut", Layers.conv(outChannels, 1, 1, 0))
                        : null;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray emb = inputs.get(1);
        NDArray h = ScopedForward.forward(conv1, ps, new NDList(x), training, params).head();
        NDArray t = ScopedForward.forward(timeEmb, ps, new NDList(emb), training, params).head();
        h = h.add(t.reshape(t.getShape().get(0), outChannels, 1, 1));
        h = ScopedForward.forward(conv2, ps, new NDList(h), training, params).head();
        NDArray skip = shortcut == null ? x : ScopedForward.forward(shortcut, ps, new NDList(x), training, params).head();
        return new NDList(h.add(skip));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {new Shape(x.get(0), outChannels, x.get(2), x.get(3))};
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        if (inputShapes.length != 2 || inputShapes[0].get(1) != inChannels) {
            throw new IllegalArgumentException(
                    "TimestepResBlock expects x with " + inChannels + " channels and emb, got "
                            + Arrays.toString(inputShapes));
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        conv1.initialize(manager, dataType, x);
        timeEmb.initialize(manager, dataType, inputShapes[1]);
        conv2.initialize(manager, dataType, getOutputShapes(inputShapes)[0]);
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, x);
        }
    }
}
