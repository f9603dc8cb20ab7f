package dev.diffusion.engine.diffusion;

/**
 * A per-timestep weight multiplying each sample's loss, a function of SNR_t = ᾱ_t/(1−ᾱ_t).
 *
 * <p>Implementations: {@link #none()}, {@link #minSnr(double)} and {@link #p2(double, double)}.
 */
public sealed interface LossWeighting {

    /**
     * The weight of the loss of a sample noised to timestep t.
     *
     * @param schedule the noise schedule
     * @param t the timestep
     * @return the weight, positive
     */
    double weight(NoiseSchedule schedule, int t);

    /** @return uniform weights (DDPM's simplified objective) */
    static LossWeighting none() {
        return None.INSTANCE;
    }

    /**
     * Min-SNR-γ weighting for ε-prediction (Hang et al. 2023, "Efficient Diffusion Training via
     * Min-SNR Weighting Strategy"): w_t = min(SNR_t, γ)/SNR_t.
     *
     * @param gamma γ &gt; 0 (5 in the paper)
     * @return the weighting
     */
    static LossWeighting minSnr(double gamma) {
        return new MinSnr(gamma);
    }

    /**
     * P2 weighting (Choi et al. 2022, "Perception Prioritized Training of Diffusion Models"; the
     * {@code p2_loss_weight} of "The Annotated Diffusion Model"): w_t = 1/(k + SNR_t)^γ. γ = 0
     * gives uniform weights.
     *
     * @param k k &gt; 0 (1 in the paper)
     * @param gamma γ ≥ 0 (0.5 or 1 in the paper)
     * @return the weighting
     */
    static LossWeighting p2(double k, double gamma) {
        return new P2(k, gamma);
    }

    /** Uniform weights. */
    enum None implements LossWeighting {
        INSTANCE;

        @Override
        public double weight(NoiseSchedule schedule, int t) {
            schedule.checkTimestep(t);
            return 1.0;
        }
    }

    /**
     * Min-SNR-γ weighting.
     *
     * @param gamma the clamp γ
     */
    record MinSnr(double gamma) implements LossWeighting {
        public MinSnr {
            if (!(gamma > 0.0) || Double.isInfinite(gamma)) {
                throw new IllegalArgumentException("min-SNR gamma must be positive, got " + gamma);
            }
        }

        @Override
        public double weight(NoiseSchedule schedule, int t) {
            double snr = schedule.snr(t);
            return Math.min(snr, gamma) / snr;
        }
    }

    /**
     * P2 weighting.
     *
     * @param k the offset k
     * @param gamma the exponent γ
     */
    record P2(double k, double gamma) implements LossWeighting {
        public P2 {
            if (!(k > 0.0) || Double.isInfinite(k)) {
                throw new IllegalArgumentException("p2 k must be positive, got " + k);
            }
            if (!(gamma >= 0.0) || Double.isInfinite(gamma)) {
                throw new IllegalArgumentException("p2 gamma must be non-negative, got " + gamma);
            }
        }

        @Override
        public double weight(NoiseSchedule schedule, int t) {
            return Math.pow(k + schedule.snr(t), -gamma);
        }
    }
}
