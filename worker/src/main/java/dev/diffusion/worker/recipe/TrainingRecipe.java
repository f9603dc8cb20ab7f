package dev.diffusion.worker.recipe;

import ai.djl.ndarray.NDManager;

import dev.diffusion.common.spec.EffectiveTrainingSpec;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.engine.data.LabeledImageDataset;
import dev.diffusion.engine.diffusion.NoiseSchedule;
import dev.diffusion.engine.model.NoisePredictor;
import dev.diffusion.engine.sample.SamplingPreviewRenderer;
import dev.diffusion.engine.train.Checkpoint;
import dev.diffusion.engine.train.CheckpointFiles;
import dev.diffusion.engine.train.DatasetImages;
import dev.diffusion.engine.train.DiffusionTrainer;
import dev.diffusion.engine.train.TrainingListener;
import dev.diffusion.engine.train.TrainingRun;
import dev.diffusion.engine.train.TrainingRunFiles;
import dev.diffusion.engine.train.TrainingRunResult;

import java.io.IOException;
import java.nio.file.Path;

/**
 * How a training spec becomes a training run, the one code path of training jobs and {@code worker train}:
 * the network initialised from the spec's seed, the noise schedule, the loss, the trainer over the data set,
 * an optional resume from a checkpoint, EMA previews, and the run's files named as the artifacts are
 * named in object storage. The same spec and data give bit-identical weights whichever caller runs it.
 */
public final class TrainingRecipe implements AutoCloseable {

    /** The run's files: the artifact names of object storage, the spec and checkpoints local only. */
    public static final TrainingRunFiles FILES = new TrainingRunFiles("spec.json", ObjectKeys.METRICS,
            ObjectKeys.FORWARD_DIFFUSION, ObjectKeys.MODEL_FILE, "checkpoints",
            step -> ObjectKeys.previewName(Math.toIntExact(step)));

    private final EffectiveTrainingSpec spec;
    private final LabeledImageDataset data;
    private final NoiseSchedule schedule;
    private final NoisePredictor network;
    private final DiffusionTrainer trainer;

    private TrainingRecipe(EffectiveTrainingSpec spec, LabeledImageDataset data, NDManager manager) {
        this.spec = spec;
        this.data = data;
        TrainingSpec s = spec.spec();
        this.network = Networks.create(spec, manager, s.seed());
        this.schedule = EngineSpecs.noiseSchedule(s.schedule());
        this.trainer = new DiffusionTrainer(network, schedule, EngineSpecs.loss(s.loss(), schedule),
                new DatasetImages(data), EngineSpecs.trainerSettings(spec), manager);
    }

    /**
     * Builds the network and the trainer of a spec.
     *
     * @param spec the resolved spec, its image size and channels those of the data
     * @param data the training images
     * @param manager owner of the weights and the trainer's state
     * @return the recipe, ready to run
     */
    public static TrainingRecipe prepare(EffectiveTrainingSpec spec, LabeledImageDataset data, NDManager manager) {
        return new TrainingRecipe(spec, data, manager);
    }

    /**
     * Continues from a resumable checkpoint: weights, EMA, optimizer, random state and step.
     *
     * @param checkpoint a checkpoint file of this spec's network
     * @param manager a manager for the file's tensors while they are copied
     * @throws IOException when the file is unreadable or does not fit the network
     */
    public void resumeFrom(Path checkpoint, NDManager manager) throws IOException {
        try (NDManager scope = manager.newSubManager(); Checkpoint read = CheckpointFiles.read(checkpoint, scope)) {
            trainer.restore(read);
        } catch (IllegalArgumentException e) {
            throw new IOException(checkpoint + " does not fit this network: " + e.getMessage(), e);
        }
    }

    /**
     * The preview grids of a run: a few deterministic DDIM steps from the same seed every time.
     *
     * @param images images per grid, or null for the default (two rows of the classes when conditional)
     * @param steps DDIM steps, or null for {@link SamplingPreviewRenderer#DEFAULT_STEPS}
     * @return the renderer
     */
    public SamplingPreviewRenderer previews(Integer images, Integer steps) {
        TrainingSpec s = spec.spec();
        int classes = s.model().numClasses();
        int labelCount = Math.min(classes, data.numClasses());
        int defaultImages = classes > 0 ? 2 * labelCount : SamplingPreviewRenderer.DEFAULT_IMAGES;
        return new SamplingPreviewRenderer(schedule, classes, labelCount, s.channels(), s.imageSize(),
                images != null ? images : defaultImages, steps != null ? steps : SamplingPreviewRenderer.DEFAULT_STEPS,
                s.seed());
    }

    /**
     * Trains to the end or until cancelled, writing the run's files.
     *
     * @param outputDir the run's folder
     * @param previews the preview renderer
     * @param keepCheckpoints how many checkpoints the folder keeps, at least 1
     * @param listener progress and cancellation
     * @return the files and numbers of the run
     * @throws Exception when training or writing fails
     */
    public TrainingRunResult run(Path outputDir, SamplingPreviewRenderer previews, int keepCheckpoints,
                                 TrainingListener listener) throws Exception {
        return run(outputDir, previews, keepCheckpoints, listener, null);
    }

    /**
     * Trains to the end or until cancelled, writing the run's files, and scores the sampling weights as it goes:
     * each time the evaluation is due, before the listener hears of the step, it adds a point and writes
     * {@code quality.json} and {@code quality.png} into the run's folder. The weights come out bit-identical to a
     * run without evaluation.
     *
     * @param outputDir the run's folder
     * @param previews the preview renderer
     * @param keepCheckpoints how many checkpoints the folder keeps, at least 1
     * @param listener progress and cancellation
     * @param evaluation the quality by step, or null for none
     * @return the files and numbers of the run
     * @throws Exception when training or writing fails
     */
    public TrainingRunResult run(Path outputDir, SamplingPreviewRenderer previews, int keepCheckpoints,
                                 TrainingListener listener, TrainingEvaluation evaluation) throws Exception {
        TrainingSpec s = spec.spec();
        TrainingRun run = new TrainingRun(trainer, StoredSpecs.toJson(spec), outputDir, FILES, previews, keepCheckpoints);
        TrainingListener told = evaluation == null ? listener
                : new EvaluatingListener(listener, evaluation, trainer, network, schedule, outputDir);
        return run.run(told, s.previewEvery() == null ? 0 : s.previewEvery(),
                s.checkpointEvery() == null ? 0 : s.checkpointEvery());
    }

    /**
     * The checkpoint file a run in {@code outputDir} writes after a step.
     *
     * @param outputDir the run's folder
     * @param step steps completed
     * @return the file
     */
    public static Path checkpointFile(Path outputDir, long step) {
        return outputDir.resolve(FILES.checkpointFolder()).resolve(TrainingRun.checkpointName(step));
    }

    /** @return the network being trained */
    public NoisePredictor network() {
        return network;
    }

    /** @return the trainer */
    public DiffusionTrainer trainer() {
        return trainer;
    }

    /** @return the spec */
    public EffectiveTrainingSpec spec() {
        return spec;
    }

    /** Closes the trainer (the network's weights belong to the caller's manager). */
    @Override
    public void close() {
        trainer.close();
    }
}
