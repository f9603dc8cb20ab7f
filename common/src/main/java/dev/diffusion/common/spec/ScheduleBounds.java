package dev.diffusion.common.spec;

/**
 * The final ᾱ of a noise schedule, computed on the host in doubles exactly as the engine's {@code NoiseSchedule}
 * builds it (the same β formulas, the same running product), so that a spec whose schedule the engine cannot
 * sample in float32 is rejected at submission. {@code common} does not depend on the engine; the worker's tests
 * check that both give the same value for every {@link ScheduleType}.
 */
public final class ScheduleBounds {

    /** Improved DDPM's offset s of the cosine schedule, as the engine uses it. */
    static final double COSINE_OFFSET = 0.008;
    /** Improved DDPM's cap on β of the cosine schedule, as the engine uses it. */
    static final double MAX_COSINE_BETA = 0.999;

    private ScheduleBounds() {
    }

    /**
     * ᾱ_{T−1} = ∏ (1 − β_t) of an effective schedule (every field set, values in range).
     *
     * @param schedule the schedule
     * @return the product over all T steps
     */
    public static double finalAlphaBar(ScheduleSpec schedule) {
        int steps = schedule.timesteps();
        double product = 1.0;
        for (int t = 0; t < steps; t++) {
            product *= 1.0 - beta(schedule, t);
        }
        return product;
    }

    /**
     * Why the schedule cannot be sampled in float32, or null when it can: the sampler divides by √ᾱ, so ᾱ_{T−1}
     * must not round to 0 and 1/√ᾱ_{T−1} must be a finite float.
     */
    static String underflow(ScheduleSpec schedule) {
        double alphaBar = finalAlphaBar(schedule);
        double recipSqrt = 1.0 / Math.sqrt(alphaBar);
        if ((float) alphaBar > 0f && Float.isFinite((float) recipSqrt)) {
            return null;
        }
        return "the schedule's final ᾱ (at t = T−1 = " + (schedule.timesteps() - 1) + ") is " + alphaBar
                + " and 1/√ᾱ is " + recipSqrt + ", which float32 cannot hold (ᾱ rounds to "
                + (float) alphaBar + ", 1/√ᾱ to " + (float) recipSqrt + "); use fewer timesteps or smaller betas";
    }

    private static double beta(ScheduleSpec s, int t) {
        int steps = s.timesteps();
        return switch (s.type()) {
            case LINEAR -> s.betaStart() + (s.betaEnd() - s.betaStart()) * t / (steps - 1);
            case COSINE -> Math.min(1.0 - cosineF(t + 1, steps) / cosineF(t, steps), MAX_COSINE_BETA);
            case SIGMOID -> {
                double u = -6.0 + 12.0 * t / (steps - 1);
                yield 1.0 / (1.0 + Math.exp(-u)) * (s.betaEnd() - s.betaStart()) + s.betaStart();
            }
        };
    }

    private static double cosineF(double u, int steps) {
        double c = Math.cos((u / steps + COSINE_OFFSET) / (1.0 + COSINE_OFFSET) * Math.PI / 2.0);
        return c * c;
    }
}
