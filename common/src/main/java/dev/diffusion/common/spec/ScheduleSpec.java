package dev.diffusion.common.spec;

/**
 * The forward-process noise schedule.
 *
 * @param type      {@code linear} (default), {@code cosine} or {@code sigmoid}
 * @param timesteps number of diffusion steps T (default 500, as in the DeepLearning.AI course
 *                  "How Diffusion Models Work")
 * @param betaStart first beta of the linear and sigmoid schedules (default 1e-4)
 * @param betaEnd   last beta of the linear and sigmoid schedules (default 0.02)
 */
public record ScheduleSpec(ScheduleType type, Integer timesteps, Double betaStart, Double betaEnd) {

    /** The spec with every missing field set to its default. */
    public ScheduleSpec withDefaults() {
        return new ScheduleSpec(
                type != null ? type : ScheduleType.LINEAR,
                timesteps != null ? timesteps : 500,
                betaStart != null ? betaStart : 1e-4,
                betaEnd != null ? betaEnd : 0.02);
    }

    /** All defaults. */
    public static ScheduleSpec defaults() {
        return new ScheduleSpec(null, null, null, null).withDefaults();
    }
}
