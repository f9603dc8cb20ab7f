package dev.diffusion.engine.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Test helper: a tiny network obeying the engine contract (x, t, context) → eps, with a BatchNorm so
 * that the trainer's handling of untrained running statistics is exercised. Not a useful model.
 */
final class TinyNoiseNet extends AbstractBlock {

    private static final int WIDTH = 8;

    private final int channels;
    private final int timesteps;
    private final Conv2d in;
    private final BatchNorm norm;
    private final Linear timeEmbedding;
    private final Linear contextEmbedding;
    private final Conv2d out;

    TinyNoiseNet(int channels, int timesteps) {
        super((byte) 1);
        this.channels = channels;
        this.timesteps = timesteps;
        in = addChildBlock("in", Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                .setFilters(WIDTH).build());
        norm = addChildBlock("norm", BatchNorm.builder().build());
        timeEmbedding = addChildBlock("time", Linear.builder().setUnits(WIDTH).build());
        contextEmbedding = addChildBlock("context", Linear.builder().setUnits(WIDTH).build());
        out = addChildBlock("out", Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                .setFilters(channels).build());
    }

    /** Builds and initialises a network with a fixed engine seed. */
    static TinyNoiseNet initialised(NDManager manager, int channels, int size, int classes, int timesteps, int seed) {
        TinyNoiseNet net = new TinyNoiseNet(channels, timesteps);
        Engine.getInstance().setRandomSeed(seed);
        net.initialize(manager, DataType.FLOAT32,
                new Shape(2, channels, size, size), new Shape(2), new Shape(2, Math.max(1, classes)));
        return net;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        long n = x.getShape().get(0);
        NDArray t = inputs.get(1).div((float) timesteps).reshape(n, 1);
        NDArray h = in.forward(ps, new NDList(x), training).head();
        h = norm.forward(ps, new NDList(h), training).head();
        NDArray condition = timeEmbedding.forward(ps, new NDList(t), training).head();
        if (inputs.size() > 2) {
            condition = condition.add(contextEmbedding.forward(ps, new NDList(inputs.get(2)), training).head());
        }
        h = h.add(condition.reshape(n, WIDTH, 1, 1)).getNDArrayInternal().relu();
        return out.forward(ps, new NDList(h), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        long n = x.get(0);
        in.initialize(manager, dataType, x);
        Shape hidden = new Shape(n, WIDTH, x.get(2), x.get(3));
        norm.initialize(manager, dataType, hidden);
        timeEmbedding.initialize(manager, dataType, new Shape(n, 1));
        contextEmbedding.initialize(manager, dataType, inputShapes[2]);
        out.initialize(manager, dataType, hidden);
    }
}
