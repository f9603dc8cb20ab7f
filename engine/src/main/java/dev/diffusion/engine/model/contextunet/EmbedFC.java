package dev.diffusion.engine.model.contextunet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

import dev.diffusion.engine.model.layers.ScopedForward;

/**
 * The {@code EmbedFC} of the DeepLearning.AI course "How Diffusion Models Work": {@code Linear(in,
 * emb) → GELU → Linear(emb, emb)} on the input flattened to [-1, in]. With {@code in = 0} (a
 * network without classes) the first weight is empty and the block yields a learned constant, as
 * PyTorch's {@code Linear(0, emb)} does.
 *
 * <ul>
 *   <li>input: any shape with N·in elements, e.g. [N, in] or [N, in, 1, 1]
 *   <li>output: [N, emb]
 *   <li>PyTorch names: {@code model.0}, {@code model.2}
 * </ul>
 */
public class EmbedFC extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int inputDim;
    private final int embeddingDim;
    private final SequentialBlock model;

    /**
     * Creates the block.
     *
     * @param inputDim input features (0 allowed)
     * @param embeddingDim output features
     */
    public EmbedFC(int inputDim, int embeddingDim) {
        super(VERSION);
        if (inputDim < 0 || embeddingDim <= 0) {
            throw new IllegalArgumentException(
                    "EmbedFC needs inputDim >= 0 and embeddingDim > 0, got " + inputDim + ", " + embeddingDim);
        }
        this.inputDim = inputDim;
        this.embeddingDim = embeddingDim;
        Linear first = Linear.builder().setUnits(embeddingDim).build();
        if (inputDim == 0) {
            // Xavier rejects an empty weight; there is nothing to initialise
            first.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
        }
        model =
                addChildBlock(
                        "model",
                        new SequentialBlock()
                                .add(first)
                                .add(Activation.geluBlock())
                                .add(Linear.builder().setUnits(embeddingDim).build()));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.head();
        NDArray rows =
                inputDim == 0
                        ? input.reshape(input.getShape().get(0), 0)
                        : input.reshape(-1, inputDim);
        return ScopedForward.forward(model, parameterStore, new NDList(rows), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(rows(inputShapes[0]), embeddingDim)};
    }

    private long rows(Shape input) {
        return inputDim == 0 ? input.get(0) : input.size() / inputDim;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        model.initialize(manager, dataType, new Shape(rows(inputShapes[0]), inputDim));
    }
}
