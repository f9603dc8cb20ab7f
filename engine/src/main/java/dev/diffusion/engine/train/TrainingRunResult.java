package dev.diffusion.engine.train;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a {@link TrainingRun} produced.
 *
 * @param outputDir the run's folder
 * @param modelFile the final model ({@code model.ckpt}), or null when cancelled
 * @param checkpoint the newest resumable checkpoint, or null when none was written
 * @param previews preview grids in step order
 * @param forwardDiffusion the forward-diffusion picture ({@link ForwardDiffusionPicture})
 * @param metricsFile the per-step CSV log
 * @param specFile the effective spec as JSON
 * @param stepsCompleted optimizer steps done (including resumed ones)
 * @param finalLoss the last step's loss (NaN when no step ran)
 * @param cancelled whether the run stopped because it was cancelled
 * @param elapsed wall time of this session
 */
public record TrainingRunResult(
        Path outputDir,
        Path modelFile,
        Path checkpoint,
        List<Path> previews,
        Path forwardDiffusion,
        Path metricsFile,
        Path specFile,
        long stepsCompleted,
        double finalLoss,
        boolean cancelled,
        Duration elapsed) {

    /** Copies the list. */
    public TrainingRunResult {
        previews = List.copyOf(previews);
    }

    /**
     * Every file of the run, for upload.
     *
     * @return existing files, model first
     */
    public List<Path> files() {
        java.util.List<Path> files = new java.util.ArrayList<>();
        if (modelFile != null) {
            files.add(modelFile);
        }
        if (checkpoint != null) {
            files.add(checkpoint);
        }
        files.addAll(previews);
        files.add(forwardDiffusion);
        files.add(metricsFile);
        files.add(specFile);
        return List.copyOf(files);
    }
}
