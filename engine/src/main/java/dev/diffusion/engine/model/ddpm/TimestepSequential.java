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
import java.util.ArrayList;
import java.util.List;

/**
 * Improved DDPM's {@code TimestepEmbedSequential}: applies its layers in order, handing the
 * timestep embedding to the {@link TimeConditioned} ones. Children are named {@code 0, 1, …} like
 * the PyTorch {@code nn.Sequential}.
 *
 * <ul>
 *   <li>input: h [N, C, H, W], emb [N, E]
 *   <li>output: the last layer's output
 * </ul>
 */
public class TimestepSequential extends AbstractBlock implements TimeConditioned {

    private static final byte VERSION = 1;

    private final List<Block> layers = new ArrayList<>();

    /**
     * Creates the sequence.
     *
     * @param layers the layers in order
     */
    public TimestepSequential(Block... layers) {
        super(VERSION);
        for (Block layer : layers) {
            this.layers.add(addChildBlock(Integer.toString(this.layers.size()), layer));
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray h = inputs.get(0);
        NDArray emb = inputs.get(1);
        for (Block layer : layers) {
            NDList in = layer instanceof TimeConditioned ? new NDList(h, emb) : new NDList(h);
            h = ScopedForward.forward(layer, parameterStore, in, training, params).head();
        }
        return new NDList(h);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape h = inputShapes[0];
        for (Block layer : layers) {
            h = layer.getOutputShapes(shapesFor(layer, h, inputShapes[1]))[0];
        }
        return new Shape[] {h};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape h = inputShapes[0];
        for (Block layer : layers) {
            Shape[] in = shapesFor(layer, h, inputShapes[1]);
            layer.initialize(manager, dataType, in);
            h = layer.getOutputShapes(in)[0];
        }
    }

    private static Shape[] shapesFor(Block layer, Shape h, Shape emb) {
        return layer instanceof TimeConditioned ? new Shape[] {h, emb} : new Shape[] {h};
    }
}
