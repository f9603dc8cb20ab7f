package dev.diffusion.engine.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

/**
 * A noise-prediction network ε_θ(x_t, t, c) of the engine contract.
 *
 * <p>Forward takes {@code NDList(x [N,C,H,W] float32, t [N] float32 0-based timestep, context
 * [N,K] float32)} and returns {@code NDList(eps [N,C,H,W])}. The context is a one-hot class vector
 * times a keep mask; an all-zero row means "unconditional". A network with no classes takes {@code
 * NDList(x, t)} and ignores a third element.
 */
public interface NoisePredictor extends Block {

    /**
     * Image channels C of the input and the output.
     *
     * @return the channel count
     */
    int getImageChannels();

    /**
     * Height and width of the square images the network was built for.
     *
     * @return the image size
     */
    int getImageSize();

    /**
     * Width K of the context vector, 0 for an unconditional network.
     *
     * @return the number of classes
     */
    int getNumClasses();

    /**
     * The input shapes to pass to {@link Block#initialize} for a batch.
     *
     * @param batchSize N
     * @return x, t and, when conditional, context shapes
     */
    default Shape[] inputShapes(long batchSize) {
        Shape x = new Shape(batchSize, getImageChannels(), getImageSize(), getImageSize());
        Shape t = new Shape(batchSize);
        if (getNumClasses() == 0) {
            return new Shape[] {x, t};
        }
        return new Shape[] {x, t, new Shape(batchSize, getNumClasses())};
    }
}
