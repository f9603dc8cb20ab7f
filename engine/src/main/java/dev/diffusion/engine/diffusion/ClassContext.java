package dev.diffusion.engine.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Builds the {@code context} input of a noise-prediction network: a one-hot class vector per
 * sample, where an all-zero row means "unconditional" (the {@code context_mask} trick of the
 * DeepLearning.AI course "How Diffusion Models Work"; see "Conventions" in docs/engine.md).
 */
public final class ClassContext {

    private ClassContext() {}

    /**
     * One-hot rows for the given labels.
     *
     * @param manager where to create the array
     * @param labels one label per sample, each in [0, numClasses)
     * @param numClasses K, positive
     * @return float32 [N, K]
     */
    public static NDArray oneHot(NDManager manager, int[] labels, int numClasses) {
        return masked(manager, labels, numClasses, null);
    }

    /**
     * One-hot rows with some rows zeroed, as classifier-free guidance training drops the context.
     *
     * @param manager where to create the array
     * @param labels one label per sample, each in [0, numClasses)
     * @param numClasses K, positive
     * @param keep which rows keep their class (null keeps all)
     * @return float32 [N, K]
     */
    public static NDArray masked(NDManager manager, int[] labels, int numClasses, boolean[] keep) {
        if (numClasses < 1) {
            throw new IllegalArgumentException(
                    "number of classes must be positive, got " + numClasses);
        }
        if (keep != null && keep.length != labels.length) {
            throw new IllegalArgumentException(
                    "keep mask has " + keep.length + " rows but there are " + labels.length + " labels");
        }
        float[] values = new float[labels.length * numClasses];
        for (int n = 0; n < labels.length; n++) {
            if (labels[n] < 0 || labels[n] >= numClasses) {
                throw new IllegalArgumentException(
                        "label "
                                + labels[n]
                                + " at index "
                                + n
                                + " is outside [0, "
                                + (numClasses - 1)
                                + "]");
            }
            if (keep == null || keep[n]) {
                values[n * numClasses + labels[n]] = 1f;
            }
        }
        return PerSample.hostValues(manager, values, new Shape(labels.length, numClasses));
    }

    /**
     * All-zero rows: the unconditional context.
     *
     * @param manager where to create the array
     * @param count N
     * @param numClasses K, positive
     * @return float32 zeros [N, K]
     */
    public static NDArray unconditional(NDManager manager, int count, int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException(
                    "number of classes must be positive, got " + numClasses);
        }
        return manager.zeros(new Shape(count, numClasses));
    }
}
