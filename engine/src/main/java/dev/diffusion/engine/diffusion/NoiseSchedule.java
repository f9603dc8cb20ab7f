package dev.diffusion.engine.diffusion;

import java.util.Arrays;

/**
 * The variance (β) schedule of a diffusion model and every quantity derived from it, precomputed
 * once on the host in {@code double}.
 *
 * <p>Timesteps are 0-based: {@code t ∈ {0, …, T-1}}, {@code t = 0} is the first (least) noising
 * step. With α_t = 1 − β_t and ᾱ_t = ∏_{s≤t} α_s (DDPM, Ho et al. 2020):
 *
 * <ul>
 *   <li>forward process: x_t = √ᾱ_t·x_0 + √(1−ᾱ_t)·ε;
 *   <li>ᾱ_{t−1} with the convention ᾱ_{−1} = 1 ({@link #alphaBarPrev(int)});
 *   <li>posterior q(x_{t−1} | x_t, x_0) = N(coef1_t·x_0 + coef2_t·x_t, β̃_t) with β̃_t =
 *       β_t(1−ᾱ_{t−1})/(1−ᾱ_t), coef1_t = β_t√ᾱ_{t−1}/(1−ᾱ_t), coef2_t = (1−ᾱ_{t−1})√α_t/(1−ᾱ_t);
 *   <li>{@link #posteriorLogVarianceClipped(int)}: log β̃_t, with β̃_1 used at t = 0 where β̃_0 = 0
 *       (as DDPM's and diffusers' {@code posterior_log_variance_clipped});
 *   <li>signal-to-noise ratio SNR_t = ᾱ_t/(1−ᾱ_t).
 * </ul>
 *
 * <p>Instances are immutable: array accessors return copies, scalar accessors take a timestep.
 * Build them with {@link #linear}, {@link #cosine}, {@link #sigmoid} or {@link #fromBetas}.
 */
public final class NoiseSchedule {

    /** DDPM's default first β (Ho et al. 2020). */
    public static final double DEFAULT_BETA_START = 1e-4;
    /** DDPM's default last β (Ho et al. 2020). */
    public static final double DEFAULT_BETA_END = 0.02;
    /** Improved DDPM's offset s of the cosine schedule (Nichol &amp; Dhariwal 2021). */
    public static final double DEFAULT_COSINE_OFFSET = 0.008;
    /** Improved DDPM's cap on β, which keeps the last steps from being singular. */
    public static final double MAX_COSINE_BETA = 0.999;

    private final double[] betas;
    private final double[] alphas;
    private final double[] alphaBars;
    private final double[] alphaBarsPrev;
    private final double[] posteriorVariances;
    private final double[] posteriorLogVariancesClipped;
    private final double[] posteriorMeanCoef1;
    private final double[] posteriorMeanCoef2;

    private NoiseSchedule(double[] betas) {
        int steps = betas.length;
        this.betas = betas;
        alphas = new double[steps];
        alphaBars = new double[steps];
        alphaBarsPrev = new double[steps];
        posteriorVariances = new double[steps];
        posteriorLogVariancesClipped = new double[steps];
        posteriorMeanCoef1 = new double[steps];
        posteriorMeanCoef2 = new double[steps];
        double product = 1.0;
        for (int t = 0; t < steps; t++) {
            alphas[t] = 1.0 - betas[t];
            alphaBarsPrev[t] = product;
            product *= alphas[t];
            alphaBars[t] = product;
            double oneMinusAlphaBar = 1.0 - alphaBars[t];
            posteriorVariances[t] = betas[t] * (1.0 - alphaBarsPrev[t]) / oneMinusAlphaBar;
            posteriorMeanCoef1[t] = betas[t] * Math.sqrt(alphaBarsPrev[t]) / oneMinusAlphaBar;
            posteriorMeanCoef2[t] =
                    (1.0 - alphaBarsPrev[t]) * Math.sqrt(alphas[t]) / oneMinusAlphaBar;
        }
        for (int t = 0; t < steps; t++) {
            // β̃_0 is 0; DDPM clips its log to log β̃_1 so the log-variance stays finite.
            posteriorLogVariancesClipped[t] = Math.log(posteriorVariances[t == 0 ? 1 : t]);
        }
    }

    /**
     * DDPM's linear schedule: β_t = betaStart + (betaEnd − betaStart)·t/(T−1), i.e. {@code
     * torch.linspace(betaStart, betaEnd, T)} (as {@code linear_beta_schedule} in "Diffusion models
     * from scratch in PyTorch").
     *
     * @param timesteps T, at least 2
     * @param betaStart β_0, in (0, 1)
     * @param betaEnd β_{T−1}, in [betaStart, 1)
     * @return the schedule
     */
    public static NoiseSchedule linear(int timesteps, double betaStart, double betaEnd) {
        checkTimesteps(timesteps);
        checkBetaRange(betaStart, betaEnd);
        double[] betas = new double[timesteps];
        for (int t = 0; t < timesteps; t++) {
            betas[t] = betaStart + (betaEnd - betaStart) * t / (timesteps - 1);
        }
        return new NoiseSchedule(betas);
    }

    /**
     * DDPM's linear schedule from 1e-4 to 0.02.
     *
     * @param timesteps T, at least 2 (DDPM uses 1000, the DeepLearning.AI course "How Diffusion
     *     Models Work" 500)
     * @return the schedule
     */
    public static NoiseSchedule linear(int timesteps) {
        return linear(timesteps, DEFAULT_BETA_START, DEFAULT_BETA_END);
    }

    /**
     * Improved DDPM's cosine schedule (Nichol &amp; Dhariwal 2021, eq. 17): with f(u) =
     * cos²(((u/T) + s)/(1 + s)·π/2), β_t = min(1 − f(t+1)/f(t), 0.999). Hence, for every t where the
     * cap is not reached, ᾱ_t = f(t+1)/f(0) (0-based t: ᾱ after t+1 noising steps).
     *
     * @param timesteps T, at least 2
     * @param offset s, small and non-negative (0.008 in the paper)
     * @return the schedule
     */
    public static NoiseSchedule cosine(int timesteps, double offset) {
        checkTimesteps(timesteps);
        if (!(offset >= 0.0) || offset > 1.0) {
            throw new IllegalArgumentException("cosine offset s must be in [0, 1], got " + offset);
        }
        double[] betas = new double[timesteps];
        for (int t = 0; t < timesteps; t++) {
            double ratio = cosineF(t + 1, timesteps, offset) / cosineF(t, timesteps, offset);
            betas[t] = Math.min(1.0 - ratio, MAX_COSINE_BETA);
        }
        return new NoiseSchedule(betas);
    }

    /**
     * Improved DDPM's cosine schedule with s = 0.008.
     *
     * @param timesteps T, at least 2
     * @return the schedule
     */
    public static NoiseSchedule cosine(int timesteps) {
        return cosine(timesteps, DEFAULT_COSINE_OFFSET);
    }

    /**
     * The sigmoid schedule of "The Annotated Diffusion Model" ({@code sigmoid_beta_schedule};
     * introduced for GeoDiff, Xu et al. 2022): β_t = σ(−6 + 12·t/(T−1))·(betaEnd − betaStart) +
     * betaStart, i.e. {@code sigmoid(linspace(-6, 6, T)) * (end - start) + start}.
     *
     * @param timesteps T, at least 2
     * @param betaStart lower bound of β, in (0, 1)
     * @param betaEnd upper bound of β, in [betaStart, 1)
     * @return the schedule
     */
    public static NoiseSchedule sigmoid(int timesteps, double betaStart, double betaEnd) {
        checkTimesteps(timesteps);
        checkBetaRange(betaStart, betaEnd);
        double[] betas = new double[timesteps];
        for (int t = 0; t < timesteps; t++) {
            double u = -6.0 + 12.0 * t / (timesteps - 1);
            betas[t] = 1.0 / (1.0 + Math.exp(-u)) * (betaEnd - betaStart) + betaStart;
        }
        return new NoiseSchedule(betas);
    }

    /**
     * The sigmoid schedule between 1e-4 and 0.02.
     *
     * @param timesteps T, at least 2
     * @return the schedule
     */
    public static NoiseSchedule sigmoid(int timesteps) {
        return sigmoid(timesteps, DEFAULT_BETA_START, DEFAULT_BETA_END);
    }

    /**
     * A schedule from explicit β values, e.g. to reproduce the DLAI course's {@code
     * torch.linspace(b1, b2, T+1)} schedule shifted to 0-based steps.
     *
     * @param betas β_0 … β_{T−1}, each in (0, 1); copied
     * @return the schedule
     */
    public static NoiseSchedule fromBetas(double[] betas) {
        if (betas == null) {
            throw new IllegalArgumentException("betas must not be null");
        }
        checkTimesteps(betas.length);
        for (int t = 0; t < betas.length; t++) {
            if (!(betas[t] > 0.0 && betas[t] < 1.0)) {
                throw new IllegalArgumentException(
                        "beta[" + t + "] must be in (0, 1), got " + betas[t]);
            }
        }
        return new NoiseSchedule(betas.clone());
    }

    private static double cosineF(double u, int timesteps, double offset) {
        double c = Math.cos((u / timesteps + offset) / (1.0 + offset) * Math.PI / 2.0);
        return c * c;
    }

    private static void checkTimesteps(int timesteps) {
        if (timesteps < 2) {
            throw new IllegalArgumentException(
                    "number of timesteps T must be at least 2, got " + timesteps);
        }
    }

    private static void checkBetaRange(double betaStart, double betaEnd) {
        if (!(betaStart > 0.0 && betaStart < 1.0)) {
            throw new IllegalArgumentException("betaStart must be in (0, 1), got " + betaStart);
        }
        if (!(betaEnd > 0.0 && betaEnd < 1.0)) {
            throw new IllegalArgumentException("betaEnd must be in (0, 1), got " + betaEnd);
        }
        if (betaStart > betaEnd) {
            throw new IllegalArgumentException(
                    "betaStart (" + betaStart + ") must not exceed betaEnd (" + betaEnd + ")");
        }
    }

    /**
     * Returns the number of timesteps T.
     *
     * @return T
     */
    public int timesteps() {
        return betas.length;
    }

    /**
     * Checks that a timestep is valid for this schedule.
     *
     * @param t the timestep
     * @return t
     * @throws IllegalArgumentException if t is outside {0, …, T−1}
     */
    public int checkTimestep(int t) {
        if (t < 0 || t >= betas.length) {
            throw new IllegalArgumentException(
                    "timestep " + t + " is outside [0, " + (betas.length - 1) + "]");
        }
        return t;
    }

    /** @return a copy of β_0 … β_{T−1} */
    public double[] betas() {
        return betas.clone();
    }

    /** @return a copy of ᾱ_0 … ᾱ_{T−1} */
    public double[] alphaBars() {
        return alphaBars.clone();
    }

    /** @return a copy of the posterior variances β̃_0 … β̃_{T−1} */
    public double[] posteriorVariances() {
        return posteriorVariances.clone();
    }

    /** @return a copy of SNR_0 … SNR_{T−1} */
    public double[] snrs() {
        double[] snr = new double[betas.length];
        for (int t = 0; t < snr.length; t++) {
            snr[t] = snr(t);
        }
        return snr;
    }

    /**
     * @param t timestep
     * @return β_t
     */
    public double beta(int t) {
        return betas[checkTimestep(t)];
    }

    /**
     * @param t timestep
     * @return α_t = 1 − β_t
     */
    public double alpha(int t) {
        return alphas[checkTimestep(t)];
    }

    /**
     * @param t timestep
     * @return ᾱ_t = ∏_{s≤t} α_s
     */
    public double alphaBar(int t) {
        return alphaBars[checkTimestep(t)];
    }

    /**
     * @param t timestep
     * @return ᾱ_{t−1}, which is 1 at t = 0
     */
    public double alphaBarPrev(int t) {
        return alphaBarsPrev[checkTimestep(t)];
    }

    /**
     * ᾱ at any timestep including −1 (the clean image), as DDIM needs for its last jump.
     *
     * @param t timestep in {−1, …, T−1}
     * @return ᾱ_t, or 1 when t = −1
     */
    public double alphaBarOrOne(int t) {
        return t == -1 ? 1.0 : alphaBar(t);
    }

    /**
     * @param t timestep
     * @return √ᾱ_t, the signal rate
     */
    public double sqrtAlphaBar(int t) {
        return Math.sqrt(alphaBar(t));
    }

    /**
     * @param t timestep
     * @return √(1−ᾱ_t), the noise rate
     */
    public double sqrtOneMinusAlphaBar(int t) {
        return Math.sqrt(1.0 - alphaBar(t));
    }

    /**
     * @param t timestep
     * @return 1/√α_t
     */
    public double sqrtRecipAlpha(int t) {
        return 1.0 / Math.sqrt(alpha(t));
    }

    /**
     * @param t timestep
     * @return √(1/ᾱ_t)
     */
    public double sqrtRecipAlphaBar(int t) {
        return Math.sqrt(1.0 / alphaBar(t));
    }

    /**
     * @param t timestep
     * @return √(1/ᾱ_t − 1)
     */
    public double sqrtRecipAlphaBarMinusOne(int t) {
        return Math.sqrt(1.0 / alphaBar(t) - 1.0);
    }

    /**
     * @param t timestep
     * @return β̃_t = β_t(1−ᾱ_{t−1})/(1−ᾱ_t); 0 at t = 0
     */
    public double posteriorVariance(int t) {
        return posteriorVariances[checkTimestep(t)];
    }

    /**
     * @param t timestep
     * @return log β̃_t, with log β̃_1 at t = 0
     */
    public double posteriorLogVarianceClipped(int t) {
        return posteriorLogVariancesClipped[checkTimestep(t)];
    }

    /**
     * @param t timestep
     * @return coef1_t = β_t√ᾱ_{t−1}/(1−ᾱ_t), the weight of x_0 in the posterior mean
     */
    public double posteriorMeanCoef1(int t) {
        return posteriorMeanCoef1[checkTimestep(t)];
    }

    /**
     * @param t timestep
     * @return coef2_t = (1−ᾱ_{t−1})√α_t/(1−ᾱ_t), the weight of x_t in the posterior mean
     */
    public double posteriorMeanCoef2(int t) {
        return posteriorMeanCoef2[checkTimestep(t)];
    }

    /**
     * @param t timestep
     * @return SNR_t = ᾱ_t/(1−ᾱ_t)
     */
    public double snr(int t) {
        double alphaBar = alphaBar(t);
        return alphaBar / (1.0 - alphaBar);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NoiseSchedule that && Arrays.equals(betas, that.betas);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(betas);
    }

    @Override
    public String toString() {
        return "NoiseSchedule[T="
                + betas.length
                + ", beta_0="
                + betas[0]
                + ", beta_T-1="
                + betas[betas.length - 1]
                + "]";
    }
}
