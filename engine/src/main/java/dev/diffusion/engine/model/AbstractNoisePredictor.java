package dev.diffusion.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Input checks and context handling shared by the networks: subclasses receive x, t and a context
 * that is {@code null} exactly when the network has no classes.
 */
public abstract class AbstractNoisePredictor extends AbstractBlock implements NoisePredictor {

    private final int imageChannels;
    private final int imageSize;
    private final int numClasses;

    protected AbstractNoisePredictor(byte version, int imageChannels, int imageSize, int numClasses) {
        super(version);
        this.imageChannels = imageChannels;
        this.imageSize = imageSize;
        this.numClasses = numClasses;
    }

    @Override
    public int getImageChannels() {
        return imageChannels;
    }

    @Override
    public int getImageSize() {
        return imageSize;
    }

    @Override
    public int getNumClasses() {
        return numClasses;
    }

    @Override
    protected final NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        if (inputs.size() < 2) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + " expects NDList(x, t[, context]), got " + inputs.size() + " arrays");
        }
        NDArray context = numClasses == 0 ? null : contextOrZeros(inputs);
        NDArray eps = predict(parameterStore, inputs.get(0), inputs.get(1), context, training, params);
        return new NDList(eps);
    }

    private NDArray contextOrZeros(NDList inputs) {
        if (inputs.size() > 2) {
            return inputs.get(2);
        }
        NDArray x = inputs.get(0);
        return x.getManager().zeros(new Shape(x.getShape().get(0), numClasses), x.getDataType());
    }

    /**
     * Predicts the noise.
     *
     * @param parameterStore the parameter store
     * @param x [N, C, H, W]
     * @param t [N] 0-based timesteps
     * @param context [N, K], or {@code null} when the network has no classes
     * @param training true for a training pass
     * @param params optional forward parameters
     * @return eps [N, C, H, W]
     */
    protected abstract NDArray predict(
            ParameterStore parameterStore,
            NDArray x,
            NDArray t,
            NDArray context,
            boolean training,
            PairList<String, Object> params);

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        if (inputShapes.length < 2) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + " needs input shapes for x and t, got " + inputShapes.length);
        }
        Shape x = inputShapes[0];
        Shape expected = new Shape(x.get(0), imageChannels, imageSize, imageSize);
        if (!x.equals(expected)) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + " input x must be " + expected + ", got " + x);
        }
        if (numClasses > 0 && inputShapes.length > 2
                && !inputShapes[2].equals(new Shape(x.get(0), numClasses))) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + " context must be [N, " + numClasses + "], got " + inputShapes[2]);
        }
    }

    /**
     * The context shape children are initialised with.
     *
     * @param inputShapes the network's input shapes
     * @return [N, K]
     */
    protected Shape contextShape(Shape[] inputShapes) {
        return new Shape(inputShapes[0].get(0), numClasses);
    }
}
