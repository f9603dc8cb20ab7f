package dev.diffusion.worker.diffusion;

import java.util.Locale;
import java.util.function.IntFunction;

/** The named β schedules, each with its paper defaults; a job names one of these. */
public enum ScheduleKind {
    /** {@link NoiseSchedule#linear(int)}: DDPM, β from 1e-4 to 0.02. */
    LINEAR(NoiseSchedule::linear),
    /** {@link NoiseSchedule#cosine(int)}: Improved DDPM, s = 0.008. */
    COSINE(NoiseSchedule::cosine),
    /** {@link NoiseSchedule#sigmoid(int)}: annotated diffusion / GeoDiff, β in [1e-4, 0.02]. */
    SIGMOID(NoiseSchedule::sigmoid);

    private final IntFunction<NoiseSchedule> factory;

    ScheduleKind(IntFunction<NoiseSchedule> factory) {
        this.factory = factory;
    }

    /**
     * Builds this schedule with its default parameters.
     *
     * @param timesteps T, at least 2
     * @return the schedule
     */
    public NoiseSchedule create(int timesteps) {
        return factory.apply(timesteps);
    }

    /**
     * Parses a schedule name, case-insensitively.
     *
     * @param name "linear", "cosine" or "sigmoid"
     * @return the kind
     * @throws IllegalArgumentException naming the accepted values if the name is unknown
     */
    public static ScheduleKind parse(String name) {
        if (name != null) {
            for (ScheduleKind kind : values()) {
                if (kind.name().equals(name.trim().toUpperCase(Locale.ROOT))) {
                    return kind;
                }
            }
        }
        throw new IllegalArgumentException(
                "unknown noise schedule '" + name + "', expected linear, cosine or sigmoid");
    }
}
