package dev.diffusion.worker.quality;

import ai.djl.ndarray.NDManager;

import dev.diffusion.common.json.JsonMapper;
import dev.diffusion.common.spec.EffectiveTrainingSpec;
import dev.diffusion.common.spec.EvaluationSpec;
import dev.diffusion.common.spec.FieldError;
import dev.diffusion.common.spec.SamplerSettings;
import dev.diffusion.common.spec.SamplerType;
import dev.diffusion.common.spec.SpecValidator;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.engine.data.LabeledImageDataset;
import dev.diffusion.engine.eval.Evaluator;
import dev.diffusion.engine.eval.FeatureStatistics;
import dev.diffusion.engine.sample.GenerationLimits;
import dev.diffusion.engine.train.TrainingListener;
import dev.diffusion.engine.train.TrainingProgress;
import dev.diffusion.engine.train.TrainingRunResult;
import dev.diffusion.worker.recipe.EvaluationRecipe;
import dev.diffusion.worker.recipe.EvaluationReport;
import dev.diffusion.worker.recipe.LoadedModel;
import dev.diffusion.worker.recipe.TrainingRecipe;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/**
 * Trains and scores the cells of the quality study. Every cell trains from scratch through the same
 * {@link TrainingRecipe} as a training job, then samples {@code imagesPerClass} images of every class with DDIM
 * (guidance 1, the recipe's clipping) from the same seeds for every cell, and scores them with the data set's
 * evaluator through the same {@link EvaluationRecipe} as an evaluation job. A cell's outcome is kept in its folder,
 * so a study that was stopped continues where it was.
 */
public final class QualityStudy {

    /** The outcome file of a cell. */
    public static final String OUTCOME = "outcome.json";

    /**
     * Common settings of a study.
     *
     * @param workDir where the cells' runs and outcomes go
     * @param batchSize images per step
     * @param imagesPerClass evaluation images per class
     * @param samplerSteps DDIM steps of the evaluation
     * @param evaluationSeed image i of every cell starts from the noise of this seed + i
     */
    public record Settings(Path workDir, int batchSize, int imagesPerClass, int samplerSteps, long evaluationSeed) {}

    private final Settings settings;

    /** @param settings the study's settings */
    public QualityStudy(Settings settings) {
        this.settings = settings;
    }

    /**
     * The effective training spec of a cell.
     *
     * @param cell the cell
     * @param data its data set (image size and channels)
     * @return the spec
     * @throws IllegalArgumentException when the recipe makes an invalid spec
     */
    public EffectiveTrainingSpec spec(QualityCell cell, LabeledImageDataset data) {
        ObjectNode common = JsonMapper.shared().createObjectNode();
        common.put("dataset", cell.dataset());
        common.put("imageSize", data.height());
        common.put("channels", data.channels());
        common.put("steps", cell.steps());
        common.put("batchSize", settings.batchSize());
        common.put("seed", cell.seed());
        common.put("previewEvery", 0);
        common.put("checkpointEvery", cell.steps());
        common.putObject("model").put("baseChannels", cell.width()).put("numClasses", data.numClasses());
        try {
            TrainingSpec spec = JsonMapper.shared().treeToValue(cell.recipe().over(common), TrainingSpec.class);
            List<FieldError> errors = SpecValidator.validate(spec);
            // a local data set folder is not a job's data set name; everything else must be valid
            errors = errors.stream().filter(e -> !"dataset".equals(e.field())).toList();
            if (!errors.isEmpty()) {
                throw new IllegalArgumentException("recipe " + cell.recipe().name() + ": " + errors.stream()
                        .map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; ")));
            }
            return new EffectiveTrainingSpec(spec.withDefaults());
        } catch (IOException e) {
            throw new IllegalArgumentException("recipe " + cell.recipe().name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The outcome of a cell measured before, if its folder has one.
     *
     * @param cell the cell
     * @return the stored outcome, or null
     * @throws IOException when the file exists but cannot be read
     */
    public QualityOutcome stored(QualityCell cell) throws IOException {
        Path file = settings.workDir().resolve(cell.id()).resolve(OUTCOME);
        return Files.isRegularFile(file) ? JsonMapper.shared().readValue(file.toFile(), QualityOutcome.class) : null;
    }

    /**
     * Trains and scores a cell, or returns its stored outcome.
     *
     * @param cell the cell
     * @param data its training images
     * @param evaluator the data set's evaluator
     * @param reference statistics of the held-out real images
     * @param onStep told after every training step
     * @return the outcome
     * @throws Exception when training, sampling or writing fails
     */
    public QualityOutcome run(QualityCell cell, LabeledImageDataset data, Evaluator evaluator,
                              FeatureStatistics reference, LongConsumer onStep) throws Exception {
        QualityOutcome known = stored(cell);
        if (known != null) {
            return known;
        }
        Path dir = settings.workDir().resolve(cell.id());
        EffectiveTrainingSpec spec = spec(cell, data);
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainingRunResult trained;
            try (TrainingRecipe recipe = TrainingRecipe.prepare(spec, data, manager)) {
                trained = recipe.run(dir.resolve("run"), recipe.previews(null, null), 1, new TrainingListener() {
                    @Override
                    public void onStep(TrainingProgress progress) {
                        onStep.accept(progress.step());
                    }
                });
            }
            LoadedModel model = LoadedModel.load(trained.modelFile(), manager);
            EvaluationSpec evaluation = new EvaluationSpec(cell.id(), settings.imagesPerClass(),
                    List.of(new SamplerSettings(SamplerType.DDIM, settings.samplerSteps(), 0.0, 1.0,
                            cell.recipe().clipDenoised())), false, settings.evaluationSeed(), (int) reference.count())
                    .withDefaults(model.schedule().timesteps(), model.numClasses());
            EvaluationReport report = EvaluationRecipe.run(model, evaluation, evaluator, reference, cell.dataset(),
                    dir, GenerationLimits.defaults(), (sampler, samplers, step, steps) -> {}, () -> false);
            EvaluationReport.Row row = report.rows().get(0);
            QualityOutcome outcome = new QualityOutcome(cell.id(), cell.dataset(), cell.width(), cell.seed(),
                    cell.recipe().name(), cell.steps(), cell.budget(), trained.elapsed().toMillis() / 1000.0,
                    trained.finalLoss(), row.accuracy() == null ? Double.NaN : row.accuracy(), row.frechetDistance(),
                    row.seconds(), report.evaluatorAccuracy(), EvaluationRecipe.gridName(0));
            JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValue(dir.resolve(OUTCOME).toFile(), outcome);
            return outcome;
        }
    }

    /**
     * Training seconds per step of each spec, measured side by side: every round times {@code steps} steps of each
     * spec in turn (after {@code warmup} untimed steps of each), so a machine that slows down slows all alike; the
     * result is each spec's median over the rounds.
     *
     * @param specs the specs to compare
     * @param data the training images
     * @param rounds rounds, at least 1
     * @param warmup untimed steps per spec before the first round
     * @param steps timed steps per spec and round
     * @return seconds per step, in the order of {@code specs}
     */
    public static double[] secondsPerStep(List<EffectiveTrainingSpec> specs, LabeledImageDataset data, int rounds,
                                          int warmup, int steps) {
        double[][] samples = new double[specs.size()][rounds];
        try (NDManager manager = NDManager.newBaseManager()) {
            List<TrainingRecipe> recipes = new java.util.ArrayList<>();
            try {
                for (EffectiveTrainingSpec spec : specs) {
                    recipes.add(TrainingRecipe.prepare(spec, data, manager));
                }
                for (TrainingRecipe recipe : recipes) {
                    for (int i = 0; i < warmup; i++) {
                        recipe.trainer().trainStep();
                    }
                }
                for (int round = 0; round < rounds; round++) {
                    for (int k = 0; k < recipes.size(); k++) {
                        long started = System.nanoTime();
                        for (int i = 0; i < steps; i++) {
                            recipes.get(k).trainer().trainStep();
                        }
                        samples[k][round] = (System.nanoTime() - started) / 1e9 / steps;
                    }
                }
            } finally {
                recipes.forEach(TrainingRecipe::close);
            }
        }
        double[] medians = new double[specs.size()];
        for (int k = 0; k < medians.length; k++) {
            double[] sorted = samples[k].clone();
            java.util.Arrays.sort(sorted);
            medians[k] = sorted[sorted.length / 2];
        }
        return medians;
    }

    /** @return the study's settings */
    public Settings settings() {
        return settings;
    }
}
