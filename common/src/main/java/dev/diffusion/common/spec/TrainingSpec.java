package dev.diffusion.common.spec;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Everything that defines a training job. Only {@code dataset} is required; {@link #withDefaults()}
 * fills the rest, so {@code {"dataset":"mnist","steps":2000}} is a complete job.
 *
 * @param dataset          a built-in name ({@code mnist}, {@code fashion-mnist}, {@code shapes}) or
 *                         {@code s3://bucket/prefix} of IDX files or class folders
 * @param imageSize        square image side in pixels, a multiple of 4 (default: the data set's own)
 * @param channels         1 (gray) or 3 (RGB) (default: the data set's own)
 * @param model            network architecture and size
 * @param schedule         noise schedule
 * @param loss             loss and its weighting
 * @param optimizer        optimizer, learning rate and its schedule, gradient clipping
 * @param batchSize        images per step (default 64)
 * @param steps            optimizer steps (default 2000)
 * @param ema              EMA of the weights used for sampling
 * @param conditionDropout probability of dropping the class label during training, for
 *                         classifier-free guidance (default 0.1)
 * @param horizontalFlip   random horizontal flips (default false: digits must not be mirrored)
 * @param seed             seed of every random choice (default: drawn at submission and recorded)
 * @param checkpointEvery  steps between checkpoints (default 500, at most {@code steps})
 * @param previewEvery     steps between preview grids; 0 disables them (default 500, at most {@code steps})
 * @param evaluateEvery    steps between quality evaluations of the sampling (EMA) weights, each also after the
 *                         last step; 0 disables them (default 0, at most {@code steps}; needs a data set of at
 *                         least two labelled classes for the evaluator)
 */
public record TrainingSpec(
        String dataset,
        Integer imageSize,
        Integer channels,
        ModelSpec model,
        ScheduleSpec schedule,
        LossSpec loss,
        OptimizerSpec optimizer,
        Integer batchSize,
        Integer steps,
        EmaSpec ema,
        Double conditionDropout,
        Boolean horizontalFlip,
        Long seed,
        Integer checkpointEvery,
        Integer previewEvery,
        Integer evaluateEvery) {

    /** A spec with only the data set given; everything else takes its default. */
    public static TrainingSpec of(String dataset) {
        return new TrainingSpec(dataset, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    /** The effective spec: every missing field set to its default (a missing seed is drawn at random). */
    public TrainingSpec withDefaults() {
        String name = dataset == null ? null : normalizeDataset(dataset);
        int effectiveSteps = steps != null ? steps : 2000;
        int everyDefault = Math.max(1, Math.min(500, effectiveSteps));
        return new TrainingSpec(
                name,
                imageSize != null ? imageSize : Datasets.defaultImageSize(name),
                channels != null ? channels : Datasets.defaultChannels(name),
                (model != null ? model : ModelSpec.defaults()).withDefaults(),
                (schedule != null ? schedule : ScheduleSpec.defaults()).withDefaults(),
                (loss != null ? loss : LossSpec.defaults()).withDefaults(),
                (optimizer != null ? optimizer : OptimizerSpec.defaults()).withDefaults(),
                batchSize != null ? batchSize : 64,
                effectiveSteps,
                (ema != null ? ema : EmaSpec.defaults()).withDefaults(),
                conditionDropout != null ? conditionDropout : 0.1,
                horizontalFlip != null ? horizontalFlip : Boolean.FALSE,
                seed != null ? seed : ThreadLocalRandom.current().nextLong(0, Long.MAX_VALUE),
                checkpointEvery != null ? checkpointEvery : everyDefault,
                previewEvery != null ? previewEvery : everyDefault,
                evaluateEvery != null ? evaluateEvery : 0);
    }

    /** This spec with another seed (used by tests and the command line). */
    public TrainingSpec withSeed(long newSeed) {
        return new TrainingSpec(dataset, imageSize, channels, model, schedule, loss, optimizer, batchSize,
                steps, ema, conditionDropout, horizontalFlip, newSeed, checkpointEvery, previewEvery, evaluateEvery);
    }

    /** This spec with another step count (used by tests and the command line). */
    public TrainingSpec withSteps(int newSteps) {
        return new TrainingSpec(dataset, imageSize, channels, model, schedule, loss, optimizer, batchSize,
                newSteps, ema, conditionDropout, horizontalFlip, seed, checkpointEvery, previewEvery, evaluateEvery);
    }

    /** This spec with another EMA section (a shared training keeps its averages itself). */
    public TrainingSpec withEma(EmaSpec newEma) {
        return new TrainingSpec(dataset, imageSize, channels, model, schedule, loss, optimizer, batchSize,
                steps, newEma, conditionDropout, horizontalFlip, seed, checkpointEvery, previewEvery, evaluateEvery);
    }

    /** This spec checkpointing at another interval, which changes nothing the training computes. */
    public TrainingSpec withCheckpointEvery(int newCheckpointEvery) {
        return new TrainingSpec(dataset, imageSize, channels, model, schedule, loss, optimizer, batchSize,
                steps, ema, conditionDropout, horizontalFlip, seed, newCheckpointEvery, previewEvery, evaluateEvery);
    }

    private static String normalizeDataset(String name) {
        String trimmed = name.trim();
        return Datasets.isBuiltIn(trimmed) ? trimmed.toLowerCase(Locale.ROOT) : trimmed;
    }
}
