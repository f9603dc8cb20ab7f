package dev.diffusion.engine.numerics;

import ai.djl.ndarray.NDManager;
import java.util.List;

/** One part of the engine's self-check: computes something on the engine and judges it. */
sealed interface SelfCheck permits OpCheck, NetworkCheck {

    /**
     * Computes and judges.
     *
     * @param manager parent manager for the arrays
     * @return the comparisons
     */
    List<KernelCheck> run(NDManager manager);
}
