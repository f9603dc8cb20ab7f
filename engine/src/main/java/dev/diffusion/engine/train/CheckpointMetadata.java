package dev.diffusion.engine.train;

/**
 * The non-tensor part of a checkpoint, stored as {@code checkpoint.json}.
 *
 * @param formatVersion {@link #FORMAT_VERSION} when written by this code
 * @param kind {@link #KIND_CHECKPOINT} (resumable: weights, EMA, optimizer, RNG) or
 *     {@link #KIND_MODEL} (final weights for sampling only)
 * @param step optimizer steps completed
 * @param rngState the trainer's host random-generator state (four words; absent for a model)
 * @param optimizerSteps the optimizer's own step count (bias correction)
 * @param emaUpdates EMA updates so far (EMA warm-up)
 * @param lastLoss the loss of the last step (null before the first)
 * @param spec the run's description as a JSON object (the caller's effective training spec, enough to
 *     rebuild the network and resume); the engine stores it verbatim and never reads it
 */
public record CheckpointMetadata(
        int formatVersion,
        String kind,
        long step,
        long[] rngState,
        long optimizerSteps,
        long emaUpdates,
        Double lastLoss,
        String spec) {

    /** The version this code writes and reads. */
    public static final int FORMAT_VERSION = 2;
    /** A resumable training checkpoint. */
    public static final String KIND_CHECKPOINT = "checkpoint";
    /** A final model: weights for sampling only. */
    public static final String KIND_MODEL = "model";

    /** Validates the fields. */
    public CheckpointMetadata {
        if (!KIND_CHECKPOINT.equals(kind) && !KIND_MODEL.equals(kind)) {
            throw new IllegalArgumentException("checkpoint kind must be 'checkpoint' or 'model', got '" + kind + "'");
        }
        if (spec == null || !spec.strip().startsWith("{")) {
            throw new IllegalArgumentException("checkpoint spec must be a JSON object, got " + spec);
        }
        if (step < 0) {
            throw new IllegalArgumentException("checkpoint step must be non-negative, got " + step);
        }
        rngState = rngState == null ? null : rngState.clone();
    }

    @Override
    public long[] rngState() {
        return rngState == null ? null : rngState.clone();
    }
}
