package dev.diffusion.engine.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * Runs a noise-prediction {@link Block} in inference mode, with optional classifier-free guidance
 * (Ho &amp; Salimans 2022): ε = ε_uncond + s·(ε_cond − ε_uncond).
 *
 * <p>The block follows the engine contract: {@code forward(NDList(x [N,C,H,W], t [N] float, context
 * [N,K]))} returns {@code NDList(eps)}; a block with 0 classes gets {@code NDList(x, t)}. With
 * labels and s ≠ 1 the conditional and unconditional predictions come from one forward pass over a
 * doubled batch (rows with the one-hot context, then the same rows with zero context). s = 1 is
 * purely conditional, s = 0 purely unconditional; the "(1+w)·ε_c − w·ε_u" of Ho &amp; Salimans 2022
 * (classifier-free guidance) is s = 1+w.
 *
 * <p>A batch runs through the network at most {@link #FORWARD_BATCH} images at a time (a guided
 * chunk as one doubled batch, so guidance costs twice the network passes' rows, not more passes).
 * Larger batches cost more per image, not less: activations of tens of megabytes are mapped and
 * zero-filled by the kernel on every allocation (glibc maps anything over 32 MiB on its own), and
 * their reorders run out of cache.
 */
public final class GuidedPredictor {

    private final Block model;
    private final int numClasses;
    private final double guidanceScale;

    /** Images per network forward pass: the training batch of the benchmarks, which the kernels run best at. */
    public static final int FORWARD_BATCH = 64;

    /**
     * Creates a predictor.
     *
     * @param model the noise-prediction network, initialized
     * @param numClasses K of the model, 0 for an unconditional model
     * @param guidanceScale s, finite and non-negative (1 = no guidance)
     */
    public GuidedPredictor(Block model, int numClasses, double guidanceScale) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        if (numClasses < 0) {
            throw new IllegalArgumentException(
                    "number of classes must not be negative, got " + numClasses);
        }
        if (!(guidanceScale >= 0.0) || Double.isInfinite(guidanceScale)) {
            throw new IllegalArgumentException(
                    "guidance scale must be finite and non-negative, got " + guidanceScale);
        }
        this.model = model;
        this.numClasses = numClasses;
        this.guidanceScale = guidanceScale;
    }

    /** @return K of the model */
    public int numClasses() {
        return numClasses;
    }

    /** @return the guidance scale s */
    public double guidanceScale() {
        return guidanceScale;
    }

    /**
     * Combines the two predictions of classifier-free guidance.
     *
     * @param epsUncond prediction with zero context
     * @param epsCond prediction with the class context
     * @param scale s
     * @return ε_uncond + s·(ε_cond − ε_uncond)
     */
    public static NDArray combine(NDArray epsUncond, NDArray epsCond, double scale) {
        return epsUncond.add(epsCond.sub(epsUncond).mul((float) scale));
    }

    /**
     * Predicts the noise of a batch at one timestep.
     *
     * @param parameters the parameter store to run the model with
     * @param x samples x_t [N, C, H, W]; results live on its manager
     * @param t the timestep of every sample
     * @param labels one class per sample, or null for unconditional sampling
     * @return ε [N, C, H, W]
     */
    public NDArray predict(ParameterStore parameters, NDArray x, int t, int[] labels) {
        int batch = Math.toIntExact(x.getShape().get(0));
        if (labels != null && labels.length != batch) {
            throw new IllegalArgumentException(
                    "got " + labels.length + " labels for a batch of " + batch);
        }
        if (labels != null && numClasses == 0) {
            throw new IllegalArgumentException("labels given but the model has no classes");
        }
        int chunk = FORWARD_BATCH;
        if (batch <= chunk) {
            return predictChunk(parameters, x, t, labels);
        }
        NDManager manager = x.getManager();
        NDList parts = new NDList();
        for (int start = 0; start < batch; start += chunk) {
            int end = Math.min(batch, start + chunk);
            // each chunk's temporaries go with its scope; only its prediction stays
            try (NDManager scope = manager.newSubManager()) {
                NDArray rows = x.get(start + ":" + end);
                rows.attach(scope);
                NDArray eps = predictChunk(parameters, rows, t,
                        labels == null ? null : java.util.Arrays.copyOfRange(labels, start, end));
                eps.attach(manager);
                parts.add(eps);
            }
        }
        NDArray eps = NDArrays.concat(parts);
        parts.close();
        return eps;
    }

    private NDArray predictChunk(ParameterStore parameters, NDArray x, int t, int[] labels) {
        NDManager manager = x.getManager();
        int batch = Math.toIntExact(x.getShape().get(0));
        if (numClasses == 0) {
            return forward(parameters, new NDList(x, timesteps(manager, batch, t)));
        }
        if (labels == null) {
            return forward(parameters, new NDList(x, timesteps(manager, batch, t),
                    ClassContext.unconditional(manager, batch, numClasses)));
        }
        NDArray context = ClassContext.oneHot(manager, labels, numClasses);
        if (guidanceScale == 1.0) {
            return forward(parameters, new NDList(x, timesteps(manager, batch, t), context));
        }
        NDArray doubledX = NDArrays.concat(new NDList(x, x));
        NDArray doubledContext = NDArrays.concat(
                new NDList(context, ClassContext.unconditional(manager, batch, numClasses)));
        NDArray eps = forward(parameters,
                new NDList(doubledX, timesteps(manager, 2 * batch, t), doubledContext));
        NDArray epsCond = eps.get("0:" + batch);
        NDArray epsUncond = eps.get(batch + ":");
        return combine(epsUncond, epsCond, guidanceScale);
    }

    private NDArray forward(ParameterStore parameters, NDList inputs) {
        NDList output = model.forward(parameters, inputs, false);
        NDArray eps = output.head();
        if (!eps.getShape().equals(inputs.head().getShape())) {
            throw new IllegalStateException(
                    "model returned eps of shape "
                            + eps.getShape()
                            + " for x of shape "
                            + inputs.head().getShape());
        }
        return eps;
    }

    private static NDArray timesteps(NDManager manager, int batch, int t) {
        return manager.full(new Shape(batch), (float) t);
    }
}
