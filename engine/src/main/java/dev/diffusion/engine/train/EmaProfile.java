package dev.diffusion.engine.train;

/**
 * How an {@link ExponentialMovingAverage} decays: the weight {@code d(n)} of the old shadow at update number
 * {@code n} (1-based) in {@code shadow ← d(n)·shadow + (1 − d(n))·w}.
 *
 * <ul>
 *   <li>{@link #constant}: {@code d(n) = d}, the classic EMA (Ho et al. 2020 use d = 0.9999);</li>
 *   <li>{@link #warmingUp}: {@code d(n) = min(d, (1 + n)/(10 + n))}, as TensorFlow's ExponentialMovingAverage with
 *       num_updates, so short runs are not dominated by the random initial weights;</li>
 *   <li>{@link #power}: {@code d(n) = (1 − 1/n)^(γ+1)}, the power-function EMA of Karras et al. 2024, "Analyzing and
 *       Improving the Training Dynamics of Diffusion Models" (EDM2). Its averaging window grows with the run: at every
 *       step it averages the last fraction of training whose relative standard deviation is {@code σ_rel}, so the
 *       same setting fits 1,000 steps and 100,000 — a constant decay of 0.995 lags 200 steps behind the weights,
 *       a fifth of a 1,000-step run.</li>
 * </ul>
 */
public sealed interface EmaProfile {

    /** The largest relative width a power profile with γ ≥ 0 has: σ_rel(0) = √(1/12). */
    double MAX_SIGMA_REL = Math.sqrt(1.0 / 12.0);

    /**
     * The decay of update number {@code n}.
     *
     * @param n the update number, 1-based
     * @return d(n) in [0, 1)
     */
    double decayAt(long n);

    /**
     * A constant decay.
     *
     * @param decay d in [0, 1)
     * @return the profile
     */
    static EmaProfile constant(double decay) {
        return new Constant(decay, false);
    }

    /**
     * A constant decay reached through TensorFlow's warm-up {@code min(d, (1 + n)/(10 + n))}.
     *
     * @param decay d in [0, 1)
     * @return the profile
     */
    static EmaProfile warmingUp(double decay) {
        return new Constant(decay, true);
    }

    /**
     * The power-function profile of a relative width (EDM2 uses σ_rel 0.05 to 0.10 and finds the best width after
     * the fact).
     *
     * @param sigmaRel the relative standard deviation of the averaging window, in (0, {@link #MAX_SIGMA_REL}]
     * @return the profile
     */
    static EmaProfile power(double sigmaRel) {
        return new Power(sigmaRel, gammaOf(sigmaRel));
    }

    /**
     * The exponent γ ≥ 0 whose power profile has relative width {@code sigmaRel}: the root of
     * {@code σ_rel² = (γ + 1) / ((γ + 2)²(γ + 3))} (EDM2, eq. 3), which falls monotonically for γ ≥ 0.
     *
     * @param sigmaRel the relative width, in (0, {@link #MAX_SIGMA_REL}]
     * @return γ
     */
    static double gammaOf(double sigmaRel) {
        if (!(sigmaRel > 0 && sigmaRel <= MAX_SIGMA_REL)) {
            throw new IllegalArgumentException("the relative EMA width must be in (0, " + MAX_SIGMA_REL + "], got " + sigmaRel);
        }
        double target = sigmaRel * sigmaRel;
        double low = 0;
        double high = 1;
        while (variance(high) > target) {
            high *= 2;
        }
        for (int i = 0; i < 200 && high - low > 1e-12 * high; i++) {
            double mid = 0.5 * (low + high);
            if (variance(mid) > target) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return 0.5 * (low + high);
    }

    private static double variance(double gamma) {
        return (gamma + 1) / ((gamma + 2) * (gamma + 2) * (gamma + 3));
    }

    /**
     * A constant decay, optionally warming up.
     *
     * @param decay d in [0, 1)
     * @param warmup whether d(n) = min(d, (1 + n)/(10 + n))
     */
    record Constant(double decay, boolean warmup) implements EmaProfile {
        /** Checks the decay. */
        public Constant {
            if (!(decay >= 0 && decay < 1)) {
                throw new IllegalArgumentException("EMA decay must be in [0, 1), got " + decay);
            }
        }

        @Override
        public double decayAt(long n) {
            return warmup ? Math.min(decay, (1.0 + n) / (10.0 + n)) : decay;
        }
    }

    /**
     * The power-function profile.
     *
     * @param sigmaRel the relative width
     * @param gamma its exponent γ
     */
    record Power(double sigmaRel, double gamma) implements EmaProfile {
        @Override
        public double decayAt(long n) {
            return n <= 1 ? 0.0 : Math.pow(1.0 - 1.0 / n, gamma + 1);
        }
    }
}
