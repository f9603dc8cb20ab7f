package dev.diffusion.engine.numerics;

import java.util.Arrays;
import java.util.Random;

/**
 * A float64 array with a shape, row-major, for the host-side reference computations.
 *
 * @param data the values
 * @param shape the dimensions
 */
public record HostArray(double[] data, int... shape) {

    /**
     * Checks that the data fill the shape.
     *
     * @param data the values
     * @param shape the dimensions
     */
    public HostArray {
        if (Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b) != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " does not hold " + data.length + " values");
        }
    }

    /**
     * A zero-filled array.
     *
     * @param shape the dimensions
     * @return the array
     */
    public static HostArray zeros(int... shape) {
        return new HostArray(new double[Arrays.stream(shape).reduce(1, (a, b) -> a * b)], shape);
    }

    /**
     * Standard-normal values rounded to float32, so that the engine sees exactly the same numbers.
     *
     * @param random the source
     * @param shape the dimensions
     * @return the array
     */
    public static HostArray gaussian(Random random, int... shape) {
        HostArray array = zeros(shape);
        for (int i = 0; i < array.data.length; i++) {
            array.data[i] = (float) random.nextGaussian();
        }
        return array;
    }

    /**
     * The values as float32, for the engine.
     *
     * @return a new array
     */
    public float[] toFloats() {
        float[] floats = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            floats[i] = (float) data[i];
        }
        return floats;
    }

    /**
     * One dimension.
     *
     * @param axis the axis
     * @return its size
     */
    public int dim(int axis) {
        return shape[axis];
    }

    /**
     * The shape as longs, for the engine.
     *
     * @return the dimensions
     */
    public long[] longShape() {
        return Arrays.stream(shape).asLongStream().toArray();
    }
}
