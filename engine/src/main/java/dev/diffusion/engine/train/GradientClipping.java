package dev.diffusion.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.Collection;

/**
 * Global-norm gradient clipping as {@code torch.nn.utils.clip_grad_norm_}: the L2 norm over all
 * trainable gradients taken together is computed and, when it exceeds {@code maxNorm}, every gradient
 * is scaled by {@code maxNorm/(norm + 1e-6)}. DJL's {@code optClipGrad} clamps each element instead,
 * which changes the gradient direction.
 */
public final class GradientClipping {

    private static final double EPSILON = 1e-6;

    private GradientClipping() {}

    /**
     * Returns the global L2 norm of the gradients.
     *
     * @param gradients the gradients of all trainable parameters
     * @return the norm
     */
    public static double globalNorm(Collection<NDArray> gradients) {
        double sumOfSquares = 0;
        try (NDManager scope = NDManager.newBaseManager()) {
            for (NDArray grad : gradients) {
                NDArray squared = grad.square();
                squared.attach(scope);
                sumOfSquares += squared.sum().getFloat();
            }
        }
        return Math.sqrt(sumOfSquares);
    }

    /**
     * Scales all gradients in place so that their global norm is at most {@code maxNorm}.
     *
     * @param gradients the gradients of all trainable parameters
     * @param maxNorm the maximum norm, positive
     * @return the global norm before clipping
     */
    public static double clipByGlobalNorm(Collection<NDArray> gradients, double maxNorm) {
        double norm = globalNorm(gradients);
        scaleToNorm(gradients, norm, maxNorm);
        return norm;
    }

    /**
     * Scales all gradients in place by {@code maxNorm / norm} when their global norm exceeds {@code maxNorm}.
     *
     * @param gradients the gradients of all trainable parameters
     * @param norm their global norm, from {@link #globalNorm}
     * @param maxNorm the maximum norm, positive
     */
    public static void scaleToNorm(Collection<NDArray> gradients, double norm, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("max gradient norm must be positive, got " + maxNorm);
        }
        double coefficient = maxNorm / (norm + EPSILON);
        if (coefficient < 1.0) {
            for (NDArray grad : gradients) {
                grad.muli(coefficient);
            }
        }
    }
}
