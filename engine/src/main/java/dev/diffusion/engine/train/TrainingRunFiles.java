package dev.diffusion.engine.train;

import java.util.Objects;
import java.util.function.LongFunction;

/**
 * The file names a {@link TrainingRun} writes in its output folder. They are the caller's: the worker
 * names them after its object-storage layout, so the engine knows no storage keys.
 *
 * @param spec the run's description (JSON)
 * @param metrics the metrics table (CSV)
 * @param forwardDiffusion the forward-diffusion picture (PNG)
 * @param model the final model (a checkpoint file of kind {@code model})
 * @param checkpointFolder the folder of resumable checkpoints, named {@link TrainingRun#checkpointName(long)}
 * @param preview the preview grid (PNG) of a step
 */
public record TrainingRunFiles(
        String spec,
        String metrics,
        String forwardDiffusion,
        String model,
        String checkpointFolder,
        LongFunction<String> preview) {

    /** Requires every name. */
    public TrainingRunFiles {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(forwardDiffusion, "forwardDiffusion");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(checkpointFolder, "checkpointFolder");
        Objects.requireNonNull(preview, "preview");
    }
}
