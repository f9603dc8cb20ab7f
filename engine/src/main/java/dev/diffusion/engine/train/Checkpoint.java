package dev.diffusion.engine.train;

import ai.djl.ndarray.NDList;

/**
 * Everything a training run needs to continue, or a sampler needs to generate: metadata plus named
 * tensor lists. Closing it frees the tensors.
 *
 * @param metadata step, RNG state, spec, ...
 * @param model the trained parameters by name
 * @param ema the EMA shadow parameters by name, or null when EMA is off
 * @param optimizer the optimizer moments ({@code m:<name>}, {@code v:<name>}), or null for a model
 */
public record Checkpoint(CheckpointMetadata metadata, NDList model, NDList ema, NDList optimizer)
        implements AutoCloseable {

    /** Validates the fields. */
    public Checkpoint {
        if (metadata == null || model == null) {
            throw new IllegalArgumentException("a checkpoint needs metadata and model parameters");
        }
        if (CheckpointMetadata.KIND_CHECKPOINT.equals(metadata.kind()) && optimizer == null) {
            throw new IllegalArgumentException("a resumable checkpoint needs the optimizer state");
        }
    }

    /**
     * The weights to sample with: EMA when present, else the trained ones.
     *
     * @return the parameters
     */
    public NDList samplingWeights() {
        return ema != null ? ema : model;
    }

    @Override
    public void close() {
        model.close();
        if (ema != null) {
            ema.close();
        }
        if (optimizer != null) {
            optimizer.close();
        }
    }
}
