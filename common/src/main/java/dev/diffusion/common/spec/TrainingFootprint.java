package dev.diffusion.common.spec;

import java.util.Locale;
import java.util.Optional;

/**
 * The memory a training job needs on a CPU worker, estimated from its spec before anything is built: the network's
 * parameters (weights, gradients, Adam's two moments, the EMA copy and the buffers of a checkpoint) plus, per image of
 * a batch, the activations the forward pass keeps for the backward pass. The layer walk is {@link NetworkTally}; the
 * bytes per parameter and per activation element are measured (peak RSS of two-step trainings at two batch sizes on
 * the PyTorch engine: {@code worker bench-memory}, docs/benchmarks.md) and rounded up, so the estimate is an upper
 * bound for the measured configurations. The images of the data set come on top (the worker holds them as bytes).
 *
 * @param parameters network parameters
 * @param activationsPerImage float elements kept per image of a batch
 * @param bytesPerActivation measured bytes per counted element of the architecture
 */
public record TrainingFootprint(double parameters, double activationsPerImage, double bytesPerActivation) {

    /**
     * A worker's JVM with the PyTorch engine loaded and a small network trained: the measured peaks less their
     * batch-proportional part were 310-500 MiB.
     */
    public static final long PROCESS_BYTES = 512L << 20;
    /**
     * Bytes per parameter: fp32 weights, gradients, two Adam moments, the EMA copy and a checkpoint's serialised
     * copy; measured 21 between two ContextUnet sizes, rounded up.
     */
    static final double BYTES_PER_PARAMETER = 24;

    /**
     * Bytes per counted activation element and image, by architecture: the measured 2.8-3.2 (ContextUnet),
     * 4.0-4.2 (DDPM U-Net) and 3.4-6.0 (SimpleUnet, whose small networks have the largest share of fixed buffers),
     * times 1.25 for CPUs whose kernels keep more workspace than the one measured on.
     */
    static double measuredBytesPerActivation(Architecture architecture) {
        return switch (architecture) {
            case CONTEXT_UNET -> 4.0;
            case DDPM_UNET -> 5.2;
            case SIMPLE_UNET -> 4.2;
        };
    }

    /**
     * Estimates a spec.
     *
     * @param spec the effective training spec
     * @return its footprint
     */
    public static TrainingFootprint of(EffectiveTrainingSpec spec) {
        TrainingSpec s = spec.spec();
        NetworkTally tally = NetworkTally.of(s.model(), s.imageSize(), s.channels());
        return new TrainingFootprint(tally.parameters(), tally.activations(), measuredBytesPerActivation(s.model().architecture()));
    }

    /**
     * Bytes a training job adds to a running worker.
     *
     * @param batchSize images per step
     * @return bytes
     */
    public double jobBytes(int batchSize) {
        return BYTES_PER_PARAMETER * parameters + bytesPerActivation * activationsPerImage * batchSize;
    }

    /**
     * Peak resident memory of a worker process that runs only this job.
     *
     * @param batchSize images per step
     * @return bytes
     */
    public double peakBytes(int batchSize) {
        return PROCESS_BYTES + jobBytes(batchSize);
    }

    /**
     * The largest batch whose job fits into a memory budget.
     *
     * @param budgetBytes memory a job may use
     * @return images per step, 0 when not even the parameters fit
     */
    public int largestBatch(double budgetBytes) {
        double left = budgetBytes - BYTES_PER_PARAMETER * parameters;
        if (left <= 0) {
            return 0;
        }
        return (int) Math.min(SpecLimits.MAX_BATCH_SIZE, Math.floor(left / (bytesPerActivation * activationsPerImage)));
    }

    /**
     * Whether a job of this footprint fits into a memory budget, and if not, what to lower.
     *
     * @param batchSize images per step
     * @param neededBytes the bytes to compare: {@link #peakBytes} against a worker's memory, {@link #jobBytes}
     *                    against what a running worker has left
     * @param budgetBytes the memory there is
     * @param budgetName what the budget is, for the message (e.g. "a worker of this installation has")
     * @return empty when it fits; otherwise the field to lower ({@code batchSize} when a smaller batch fits,
     *         {@code model.baseChannels} when not even one image does) and a message with the numbers
     */
    public Optional<FieldError> problem(int batchSize, double neededBytes, double budgetBytes,
                                                  String budgetName) {
        if (neededBytes <= budgetBytes) {
            return Optional.empty();
        }
        double over = neededBytes - jobBytes(batchSize);
        int fits = largestBatch(budgetBytes - over);
        String needs = String.format(Locale.ROOT, "training needs about %s of memory (%,.0f parameters, %s per image "
                        + "of the batch of %d); %s %s", format(neededBytes), parameters,
                format(bytesPerActivation * activationsPerImage), batchSize, budgetName, format(budgetBytes));
        return Optional.of(fits > 0
                ? new FieldError("batchSize", needs + ": use a batchSize of at most " + fits
                        + ", or a smaller imageSize or model")
                : new FieldError("model.baseChannels", needs + ": not even one image fits; use a smaller model "
                        + "(baseChannels, channelMultipliers, attentionResolutions) or imageSize"));
    }

    /**
     * A readable size.
     *
     * @param bytes bytes
     * @return e.g. {@code 3.2 GiB} or {@code 410 MiB}
     */
    public static String format(double bytes) {
        double mib = bytes / (1 << 20);
        return mib >= 1024 ? String.format(Locale.ROOT, "%.1f GiB", mib / 1024) : String.format(Locale.ROOT, "%.0f MiB", mib);
    }
}
