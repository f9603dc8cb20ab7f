package dev.diffusion.engine.train;

/**
 * Hyper-parameters of {@link DiffusionTrainer}.
 *
 * @param batchSize images per step, positive
 * @param totalSteps steps of the whole run, positive
 * @param optimizer Adam or AdamW settings
 * @param learningRate the learning rate per step
 * @param gradClipNorm global gradient-norm limit; 0 disables clipping
 * @param ema how the EMA of the weights decays; null keeps no EMA
 * @param conditionDropout probability of zeroing a sample's class context (classifier-free
 *     guidance training), in [0, 1]
 * @param horizontalFlip mirror each sample with probability ½
 * @param seed seed of the trainer's random generator
 * @param numClasses classes the network is conditioned on; 0 for an unconditional network
 * @param normRecalibrationPasses training-mode batches over which BatchNorm's statistics are recomputed for the EMA
 *     weights before they are sampled or exported ({@link BatchNormRecalibration}); 0 keeps the averaged statistics
 */
public record TrainerSettings(
        int batchSize,
        long totalSteps,
        AdamConfig optimizer,
        LearningRateSchedule learningRate,
        double gradClipNorm,
        EmaProfile ema,
        double conditionDropout,
        boolean horizontalFlip,
        long seed,
        int numClasses,
        int normRecalibrationPasses) {

    /**
     * Settings that keep the EMA's averaged BatchNorm statistics.
     *
     * @param batchSize images per step
     * @param totalSteps steps of the whole run
     * @param optimizer Adam or AdamW settings
     * @param learningRate the learning rate per step
     * @param gradClipNorm global gradient-norm limit; 0 disables clipping
     * @param ema how the EMA of the weights decays; null keeps no EMA
     * @param conditionDropout probability of zeroing a sample's class context
     * @param horizontalFlip mirror each sample with probability ½
     * @param seed seed of the trainer's random generator
     * @param numClasses classes the network is conditioned on
     */
    public TrainerSettings(int batchSize, long totalSteps, AdamConfig optimizer, LearningRateSchedule learningRate,
                           double gradClipNorm, EmaProfile ema, double conditionDropout, boolean horizontalFlip,
                           long seed, int numClasses) {
        this(batchSize, totalSteps, optimizer, learningRate, gradClipNorm, ema, conditionDropout, horizontalFlip, seed,
                numClasses, 0);
    }

    /** Validates the fields. */
    public TrainerSettings {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        if (totalSteps <= 0) {
            throw new IllegalArgumentException("total steps must be positive, got " + totalSteps);
        }
        if (optimizer == null || learningRate == null) {
            throw new IllegalArgumentException("optimizer and learning-rate schedule are required");
        }
        if (!(gradClipNorm >= 0)) {
            throw new IllegalArgumentException("gradient clip norm must be >= 0 (0 disables), got " + gradClipNorm);
        }
        if (!(conditionDropout >= 0 && conditionDropout <= 1)) {
            throw new IllegalArgumentException("condition dropout must be in [0, 1], got " + conditionDropout);
        }
        if (numClasses < 0) {
            throw new IllegalArgumentException("number of classes must be >= 0, got " + numClasses);
        }
        if (normRecalibrationPasses < 0 || normRecalibrationPasses > 0 && ema == null) {
            throw new IllegalArgumentException("BatchNorm recalibration needs an EMA and passes >= 0, got "
                    + normRecalibrationPasses + " passes, EMA " + (ema == null ? "off" : "on"));
        }
    }

    /**
     * Whether an EMA of the weights is kept.
     *
     * @return true unless {@code ema} is null
     */
    public boolean emaEnabled() {
        return ema != null;
    }
}
