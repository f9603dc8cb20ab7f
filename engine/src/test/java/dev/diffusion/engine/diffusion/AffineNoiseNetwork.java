package dev.diffusion.engine.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * A tiny deterministic stand-in for a noise-prediction network, following the engine contract:
 * ε = a·x + b·t + c·Σ_k (k+1)·context_k, broadcast per sample. It records the batch size of every
 * forward call so tests can see how the model was driven.
 */
final class AffineNoiseNetwork extends AbstractBlock {

    static final float X_WEIGHT = 0.1f;
    static final float T_WEIGHT = 0.001f;
    static final float CONTEXT_WEIGHT = 0.01f;

    private final List<Long> batchSizes = new ArrayList<>();

    AffineNoiseNetwork() {
        super((byte) 1);
    }

    /** The same function on the host for one pixel value of a sample. */
    static double eps(double x, int t, int label) {
        return X_WEIGHT * x + T_WEIGHT * t + (label < 0 ? 0.0 : CONTEXT_WEIGHT * (label + 1));
    }

    List<Long> batchSizes() {
        return batchSizes;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        long batch = x.getShape().get(0);
        batchSizes.add(batch);
        NDArray perSample = inputs.get(1).mul(T_WEIGHT);
        if (inputs.size() > 2) {
            NDArray context = inputs.get(2);
            NDArray classWeights =
                    x.getManager().arange(1f, context.getShape().get(1) + 1f).mul(CONTEXT_WEIGHT);
            perSample = perSample.add(context.mul(classWeights).sum(new int[] {1}));
        }
        return new NDList(x.mul(X_WEIGHT).add(perSample.reshape(batch, 1, 1, 1)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
