package dev.diffusion.engine.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The noise-prediction training loss ‖ε − ε_θ(x_t, t)‖ (L_simple of Ho et al. 2020, eq. 14), as
 * MSE, L1 (as in "Diffusion models from scratch in PyTorch", DeepFindr) or Huber ({@code
 * SmoothL1Loss}, as in "The Annotated Diffusion Model"), with an optional per-sample {@link
 * LossWeighting} (e.g. P2 weighting, Choi et al. 2022).
 *
 * <p>The result is a differentiable scalar: the elementwise loss is averaged over every axis but
 * the batch, multiplied by each sample's weight w_{t_n}, and averaged over the batch. Without
 * weighting this is the plain mean over all elements, e.g. {@code F.mse_loss(pred, noise)}. (DJL's
 * {@code L2Loss} is 0.5·MSE, which is why this class exists.)
 *
 * <pre>{@code
 * DiffusionLoss loss = DiffusionLoss.builder()
 *         .optKind(DiffusionLoss.Kind.HUBER)
 *         .optWeighting(LossWeighting.minSnr(5), schedule)
 *         .build();
 * NDArray value = loss.compute(predictedNoise, noise, t);
 * }</pre>
 */
public final class DiffusionLoss {

    /** The elementwise loss. */
    public enum Kind {
        /** (p − y)². */
        MSE,
        /** |p − y|. */
        L1,
        /**
         * Huber with threshold δ: ½d² if |d| &lt; δ, else δ(|d| − ½δ). With δ = 1 this equals
         * PyTorch's {@code F.smooth_l1_loss} (β = 1).
         */
        HUBER
    }

    private final Kind kind;
    private final double huberDelta;
    private final LossWeighting weighting;
    private final NoiseSchedule schedule;

    private DiffusionLoss(Builder builder) {
        this.kind = builder.kind;
        this.huberDelta = builder.huberDelta;
        this.weighting = builder.weighting;
        this.schedule = builder.schedule;
    }

    /** @return a builder; defaults are MSE without weighting */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the unweighted MSE loss */
    public static DiffusionLoss mse() {
        return builder().build();
    }

    /** @return the elementwise loss kind */
    public Kind kind() {
        return kind;
    }

    /** @return the per-sample weighting */
    public LossWeighting weighting() {
        return weighting;
    }

    /**
     * Computes the loss with per-sample weights.
     *
     * @param prediction predicted noise [N, …]
     * @param target true noise, same shape
     * @param t the timestep of each sample
     * @return the scalar loss (shape []), on the prediction's manager
     */
    public NDArray compute(NDArray prediction, NDArray target, int[] t) {
        PerSample.checkSameShape("target", prediction, target);
        NDArray elementwise = elementwise(prediction.sub(target));
        if (weighting instanceof LossWeighting.None) {
            if (t != null) {
                checkBatch(prediction, t);
            }
            return elementwise.mean();
        }
        if (t == null) {
            throw new IllegalArgumentException(
                    "timesteps are required when the loss is weighted by " + weighting);
        }
        checkBatch(prediction, t);
        // PyTorch's mean takes one axis: flatten each sample first.
        NDArray perSample = elementwise.reshape(t.length, -1).mean(new int[] {1});
        float[] weights = new float[t.length];
        for (int n = 0; n < t.length; n++) {
            weights[n] = (float) weighting.weight(schedule, t[n]);
        }
        NDArray weightArray = PerSample.hostValues(prediction.getManager(), weights, new Shape(t.length));
        return perSample.mul(weightArray.toType(perSample.getDataType(), false)).mean();
    }

    /**
     * Computes the loss with an NDArray of timesteps.
     *
     * @param prediction predicted noise [N, …]
     * @param target true noise, same shape
     * @param t timesteps [N], whole numbers
     * @return the scalar loss
     */
    public NDArray compute(NDArray prediction, NDArray target, NDArray t) {
        if (schedule == null) {
            return compute(prediction, target, (int[]) null);
        }
        return compute(prediction, target, PerSample.timesteps(t, schedule));
    }

    /**
     * Computes the unweighted loss (only valid without weighting).
     *
     * @param prediction predicted noise
     * @param target true noise, same shape
     * @return the scalar loss
     */
    public NDArray compute(NDArray prediction, NDArray target) {
        return compute(prediction, target, (int[]) null);
    }

    private NDArray elementwise(NDArray difference) {
        switch (kind) {
            case MSE:
                return difference.square();
            case L1:
                return difference.abs();
            case HUBER:
                // ½q² + δ(|d| − q) with q = min(|d|, δ): the two Huber branches in one
                // expression that stays differentiable everywhere.
                // constants as tensors, not Numbers: DJL 0.35.1 frees a Number operand that
                // autograd keeps for the backward pass, which corrupts the gradients
                NDArray delta = difference.getManager().full(new Shape(), (float) huberDelta, difference.getDataType());
                NDArray half = difference.getManager().full(new Shape(), 0.5f, difference.getDataType());
                NDArray absolute = difference.abs();
                NDArray quadratic = absolute.minimum(delta);
                return quadratic
                        .square()
                        .mul(half)
                        .add(absolute.sub(quadratic).mul(delta));
            default:
                throw new IllegalStateException("unknown loss kind " + kind);
        }
    }

    private static void checkBatch(NDArray prediction, int[] t) {
        if (prediction.getShape().dimension() < 1 || prediction.getShape().get(0) != t.length) {
            throw new IllegalArgumentException(
                    "prediction of shape "
                            + prediction.getShape()
                            + " does not match "
                            + t.length
                            + " timesteps");
        }
    }

    /** Builder of {@link DiffusionLoss}. */
    public static final class Builder {
        private Kind kind = Kind.MSE;
        private double huberDelta = 1.0;
        private LossWeighting weighting = LossWeighting.none();
        private NoiseSchedule schedule;

        private Builder() {}

        /**
         * @param kind the elementwise loss (default MSE)
         * @return this builder
         */
        public Builder optKind(Kind kind) {
            this.kind = kind;
            return this;
        }

        /**
         * @param delta Huber threshold δ &gt; 0 (default 1)
         * @return this builder
         */
        public Builder optHuberDelta(double delta) {
            this.huberDelta = delta;
            return this;
        }

        /**
         * @param weighting the per-sample weighting (default none)
         * @param schedule the schedule whose SNR the weighting uses
         * @return this builder
         */
        public Builder optWeighting(LossWeighting weighting, NoiseSchedule schedule) {
            this.weighting = weighting;
            this.schedule = schedule;
            return this;
        }

        /**
         * @return the loss
         * @throws IllegalArgumentException if a setting is missing or out of range
         */
        public DiffusionLoss build() {
            if (kind == null) {
                throw new IllegalArgumentException("loss kind must not be null");
            }
            if (!(huberDelta > 0.0) || Double.isInfinite(huberDelta)) {
                throw new IllegalArgumentException(
                        "Huber delta must be positive, got " + huberDelta);
            }
            if (weighting == null) {
                throw new IllegalArgumentException("loss weighting must not be null");
            }
            if (!(weighting instanceof LossWeighting.None) && schedule == null) {
                throw new IllegalArgumentException(
                        "a noise schedule is required for loss weighting " + weighting);
            }
            return new DiffusionLoss(this);
        }
    }
}
