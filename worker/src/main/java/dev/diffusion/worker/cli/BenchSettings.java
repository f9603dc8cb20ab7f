package dev.diffusion.worker.cli;

import picocli.CommandLine.Option;

/**
 * What the benchmark measures on: the ContextUnet of the DeepLearning.AI course "How Diffusion Models Work"
 * and a batch.
 *
 * @param batchSize images per step (64 in the targets)
 * @param features ContextUnet n_feat (64 in the targets)
 * @param timedSteps steps whose times give the median
 * @param warmupSteps steps run before timing starts
 * @param flatnessSteps training steps of the memory-flatness run
 * @param timesteps the model's T (500, as in the DLAI course)
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

    /** The options of {@code bench} and {@code bench-probe} that give the settings, with the target defaults. */
    static final class Options {

        @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64", description = "batch size (default 64)")
        private int batchSize;

        @Option(names = "--features", paramLabel = "N", defaultValue = "64",
                description = "ContextUnet n_feat (default 64; train-step-32 and contention use 32)")
        private int features;

        @Option(names = "--steps", paramLabel = "N", defaultValue = "10",
                description = "timed steps of the step measurements (default 10)")
        private int timedSteps;

        @Option(names = "--warmup", paramLabel = "N", defaultValue = "2", description = "untimed steps before them (default 2)")
        private int warmupSteps;

        @Option(names = "--flatness-steps", paramLabel = "N", defaultValue = "2000",
                description = "training steps of the memory-flatness run (default 2000, ~100 min)")
        private int flatnessSteps;

        @Option(names = "--timesteps", paramLabel = "T", defaultValue = "500",
                description = "diffusion steps T, DDPM runs all of them (default 500)")
        private int timesteps;

        /**
         * The settings given.
         *
         * @return the settings
         * @throws UsageException when a value is out of range
         */
        BenchSettings settings() {
            return new BenchSettings(batchSize, features, timedSteps, warmupSteps, flatnessSteps, timesteps);
        }
    }
}
