package dev.diffusion.engine.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

/** Gathers per-sample schedule coefficients, the Java form of {@code extract} in "The Annotated Diffusion Model". */
final class PerSample {

    private PerSample() {}

    /**
     * Reads a timestep array [N] to the host and checks every value.
     *
     * @param t timesteps, any numeric type holding whole numbers
     * @param schedule the schedule that bounds them
     * @return the timesteps
     */
    static int[] timesteps(NDArray t, NoiseSchedule schedule) {
        if (t.getShape().dimension() != 1) {
            throw new IllegalArgumentException(
                    "timesteps must have shape [N], got " + t.getShape());
        }
        int[] values;
        DataType type = t.getDataType();
        if (type == DataType.INT32) {
            values = t.toIntArray();
        } else {
            try (NDArray asDouble = t.toType(DataType.FLOAT64, false)) {
                double[] raw = asDouble.toDoubleArray();
                values = new int[raw.length];
                for (int i = 0; i < raw.length; i++) {
                    if (raw[i] != Math.rint(raw[i])) {
                        throw new IllegalArgumentException(
                                "timestep " + raw[i] + " at index " + i + " is not a whole number");
                    }
                    values[i] = (int) raw[i];
                }
            }
        }
        for (int value : values) {
            schedule.checkTimestep(value);
        }
        return values;
    }

    /**
     * Builds the array [N, 1, …, 1] (as many ones as {@code like} has trailing axes) holding
     * {@code coefficient(t[n])} per sample, on the manager and device of {@code like}.
     */
    static NDArray coefficients(NDArray like, int[] t, IntToDoubleFunction coefficient) {
        Shape shape = like.getShape();
        if (shape.dimension() < 1 || shape.get(0) != t.length) {
            throw new IllegalArgumentException(
                    "batch of shape " + shape + " does not match " + t.length + " timesteps");
        }
        float[] values = new float[t.length];
        for (int n = 0; n < t.length; n++) {
            values[n] = (float) coefficient.applyAsDouble(t[n]);
        }
        long[] dims = new long[shape.dimension()];
        Arrays.fill(dims, 1);
        dims[0] = t.length;
        return hostValues(like.getManager(), values, new Shape(dims)).toType(like.getDataType(), false);
    }

    /**
     * A float32 array of host values in memory PyTorch owns. {@code manager.create(float[])} only
     * wraps a Java buffer, freed once its NDArray is closed or unreachable even while autograd still
     * keeps the tensor (or a view of it) for the backward pass.
     */
    static NDArray hostValues(NDManager manager, float[] values, Shape shape) {
        try (NDArray wrapped = manager.create(values, shape)) {
            return wrapped.duplicate();
        }
    }

    static void checkSameShape(String name, NDArray expected, NDArray actual) {
        if (!expected.getShape().equals(actual.getShape())) {
            throw new IllegalArgumentException(
                    name + " has shape " + actual.getShape() + " but must match " + expected.getShape());
        }
    }
}
