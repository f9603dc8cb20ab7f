package dev.diffusion.engine.model.weights;

import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * A host-side float tensor of a state dict: shape and row-major (C order) values. Other file
 * dtypes are converted to float on reading.
 *
 * @param shape dimensions, empty for a scalar
 * @param data row-major values, as many as the shape's product
 */
public record Tensor(long[] shape, float[] data) {

    /**
     * Checks that the data fills the shape.
     *
     * @throws IllegalArgumentException when the sizes disagree
     */
    public Tensor {
        shape = shape.clone();
        long size = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            size *= d;
        }
        if (size != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + size + " values, got " + data.length);
        }
    }

    /**
     * The shape as a DJL {@link Shape}.
     *
     * @return the shape
     */
    public Shape djlShape() {
        return new Shape(shape);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
