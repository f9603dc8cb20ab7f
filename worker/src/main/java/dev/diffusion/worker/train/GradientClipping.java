package dev.diffusion.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

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
     * Returns the global L2 norm of the gradients without changing them.
     *
     * @param parameters the network's parameters
     * @return the norm
     */
    public static double globalNorm(PairList<String, Parameter> parameters) {
        double sumOfSquares = 0;
        try (NDManager scope = NDManager.newBaseManager()) {
            for (NDArray grad : gradients(parameters, scope)) {
                sumOfSquares += grad.square().sum().getFloat();
            }
        }
        return Math.sqrt(sumOfSquares);
    }

    /**
     * Scales all gradients in place so that their global norm is at most {@code maxNorm}.
     *
     * @param parameters the network's parameters
     * @param maxNorm the maximum norm, positive
     * @return the global norm before clipping
     */
    public static double clipByGlobalNorm(PairList<String, Parameter> parameters, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("max gradient norm must be positive, got " + maxNorm);
        }
        double norm = globalNorm(parameters);
        double coefficient = maxNorm / (norm + EPSILON);
        if (coefficient < 1.0) {
            try (NDManager scope = NDManager.newBaseManager()) {
                for (NDArray grad : gradients(parameters, scope)) {
                    grad.muli(coefficient);
                }
            }
        }
        return norm;
    }

    /** Gradient handles (sharing storage with the live gradients) owned by {@code scope}. */
    private static List<NDArray> gradients(PairList<String, Parameter> parameters, NDManager scope) {
        List<NDArray> grads = new ArrayList<>();
        for (Pair<String, Parameter> p : parameters) {
            if (p.getValue().requiresGradient()) {
                NDArray grad = p.getValue().getArray().getGradient();
                grad.attach(scope);
                grads.add(grad);
            }
        }
        return grads;
    }
}
