package dev.diffusion.worker.cli;

/**
 * What the benchmark measures on: the course ContextUnet and a batch.
 *
 * @param batchSize images per step (64 in the targets)
 * @param features ContextUnet n_feat (64 in the targets)
 * @param timedSteps steps whose times give the median
 * @param warmupSteps steps run before timing starts
 * @param flatnessSteps training steps of the memory-flatness run
 * @param timesteps the model's T (500, as the course)
 */
public record BenchSettings(
        int batchSize, int features, int timedSteps, int warmupSteps, int flatnessSteps, int timesteps) {

    /** Image side of the benchmark model (MNIST-sized). */
    public static final int IMAGE_SIZE = 28;
    /** Classes of the benchmark model. */
    public static final int CLASSES = 10;

    /** Validates the values. */
    public BenchSettings {
        if (batchSize < 1 || features < 8 || features % 8 != 0 || timedSteps < 1 || warmupSteps < 0
                || flatnessSteps < 2 || timesteps < 25) {
            throw new UsageException("bench settings out of range: batch " + batchSize + ", features " + features
                    + " (multiple of 8), steps " + timedSteps + ", warm-up " + warmupSteps + ", flatness steps "
                    + flatnessSteps + " (>= 2), timesteps " + timesteps + " (>= 25)");
        }
    }

    /**
     * The settings as command-line options of {@code bench-probe}.
     *
     * @return the options
     */
    public java.util.List<String> asOptions() {
        return java.util.List.of(
                "--batch-size", Integer.toString(batchSize), "--features", Integer.toString(features),
                "--steps", Integer.toString(timedSteps), "--warmup", Integer.toString(warmupSteps),
                "--flatness-steps", Integer.toString(flatnessSteps), "--timesteps", Integer.toString(timesteps));
    }

    /**
     * Reads the options written by {@link #asOptions()}, with the target defaults.
     *
     * @param args parsed arguments
     * @return the settings
     */
    public static BenchSettings from(CliArguments args) {
        return new BenchSettings(
                args.intValue("batch-size").orElse(64),
                args.intValue("features").orElse(64),
                args.intValue("steps").orElse(10),
                args.intValue("warmup").orElse(2),
                args.intValue("flatness-steps").orElse(2000),
                args.intValue("timesteps").orElse(500));
    }

    /** Option names with values. */
    static final java.util.Set<String> OPTIONS =
            java.util.Set.of("batch-size", "features", "steps", "warmup", "flatness-steps", "timesteps");
}
