package dev.diffusion.engine.diffusion;

/** The β schedules the engine builds; a training run names one of these. */
public enum ScheduleKind {
    /** {@link NoiseSchedule#linear(int, double, double)}: DDPM (Ho et al. 2020), by default β from 1e-4 to 0.02. */
    LINEAR,
    /** {@link NoiseSchedule#cosine(int)}: Improved DDPM (Nichol &amp; Dhariwal 2021), s = 0.008; β range unused. */
    COSINE,
    /** {@link NoiseSchedule#sigmoid(int, double, double)}: GeoDiff (Xu et al. 2022), β in [betaStart, betaEnd]. */
    SIGMOID;

    /**
     * Builds this schedule.
     *
     * @param timesteps T, at least 2
     * @param betaStart β_1 of the linear and sigmoid schedules
     * @param betaEnd β_T of the linear and sigmoid schedules
     * @return the schedule
     */
    public NoiseSchedule create(int timesteps, double betaStart, double betaEnd) {
        return switch (this) {
            case LINEAR -> NoiseSchedule.linear(timesteps, betaStart, betaEnd);
            case COSINE -> NoiseSchedule.cosine(timesteps);
            case SIGMOID -> NoiseSchedule.sigmoid(timesteps, betaStart, betaEnd);
        };
    }
}
