package dev.diffusion.worker.recipe;

import dev.diffusion.engine.diffusion.NoiseSchedule;
import dev.diffusion.engine.model.NoisePredictor;
import dev.diffusion.engine.train.DiffusionTrainer;
import dev.diffusion.engine.train.TrainingListener;
import dev.diffusion.engine.train.TrainingProgress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A training listener that scores the sampling weights when a {@link TrainingEvaluation} is due, before it tells the
 * caller's listener about the step (which then sees the new point), and writes the curve's files. The trained
 * weights are back in place before the next step: the EMA swap restores them bit for bit.
 */
final class EvaluatingListener implements TrainingListener {

    private final TrainingListener listener;
    private final TrainingEvaluation evaluation;
    private final DiffusionTrainer trainer;
    private final NoisePredictor network;
    private final NoiseSchedule schedule;
    private final Path outputDir;

    EvaluatingListener(TrainingListener listener, TrainingEvaluation evaluation, DiffusionTrainer trainer,
                       NoisePredictor network, NoiseSchedule schedule, Path outputDir) {
        this.listener = listener;
        this.evaluation = evaluation;
        this.trainer = trainer;
        this.network = network;
        this.schedule = schedule;
        this.outputDir = outputDir;
    }

    @Override
    public void onStep(TrainingProgress progress) {
        if (evaluation.due(progress.step()) && !listener.isCancelled()) {
            evaluate(progress.step());
        }
        listener.onStep(progress);
    }

    private void evaluate(long step) {
        QualityCurve.Point point;
        try (AutoCloseable ignored = trainer.samplingWeights()) {
            point = evaluation.evaluate(step, network, schedule, listener::isCancelled);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the training weights could not be put back after an evaluation", e);
        }
        if (point != null) {
            try {
                evaluation.write(outputDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void onPreview(long step) throws Exception {
        listener.onPreview(step);
    }

    @Override
    public void onCheckpoint(long step) throws Exception {
        listener.onCheckpoint(step);
    }

    @Override
    public boolean isCancelled() {
        return listener.isCancelled();
    }
}
