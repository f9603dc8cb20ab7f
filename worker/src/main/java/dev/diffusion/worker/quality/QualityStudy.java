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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/**
 * Trains and scores the cells of the quality study. Every cell trains from scratch through the same
 * {@link TrainingRecipe} as a training job, then samples {@code imagesPerClass} images of every class with DDIM
 * (guidance 1, the recipe's clipping) from the same seeds for every cell, and scores them with the data set's
 * evaluator through the same {@link EvaluationRecipe} as an evaluation job. A cell's outcome is recorded with its
 * {@link CellProvenance} in a ledger meant to be committed, so a study that was stopped continues where it was, on
 * this machine or another, and a cell whose spec, training code or evaluator changed since is trained again.
 */
public final class QualityStudy {

    /**
     * Raised when a change makes a training of the same spec compute something else, so that stored cells of older
     * code are trained again. 2: the EMA averages BatchNorm's running statistics (2b2f717).
     */
    public static final int TRAINING_REVISION = 2;

    /**
     * Common settings of a study.
     *
     * @param workDir where the cells' runs (checkpoints, samples) go; machine-local
     * @param ledgerDir where the cells' outcomes and grids are recorded, to be committed so a study continues on
     *                  another machine
     * @param batchSize images per step
     * @param imagesPerClass evaluation images per class
     * @param samplerSteps DDIM steps of the evaluation
     * @param evaluationSeed image i of every cell starts from the noise of this seed + i
     */
    public record Settings(Path workDir, Path ledgerDir, int batchSize, int imagesPerClass, int samplerSteps, long evaluationSeed) {}

    private final Settings settings;

    /** @param settings the study's settings */
    public QualityStudy(Settings settings) {
        this.settings = settings;
    }

    /** @return the ledger the cells are recorded in */
    public QualityLedger ledger() {
        return new QualityLedger(settings.ledgerDir());
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
     * How this study judges a recipe's samples.
     *
     * @param reference statistics of the held-out real images the Fréchet distance compares with
     * @param clipDenoised whether the recipe's DDIM clips the predicted x0
     * @return the judging, part of every cell's provenance
     */
    public Judging judging(FeatureStatistics reference, boolean clipDenoised) {
        return new Judging(settings.imagesPerClass(), settings.samplerSteps(), settings.evaluationSeed(),
                reference.count(), clipDenoised);
    }

    /**
     * Trains once for cells whose specs differ only in their EMA ({@link SharedTraining}), scores each with its own
     * sampling weights and records the outcomes in the ledger. They share the training's time.
     *
     * @param cells the cells, at least one; all of one data set, width, seed and steps
     * @param data their training images
     * @param evaluator the data set's evaluator
     * @param reference statistics of the held-out real images
     * @param provenances what each outcome depends on, recorded with it (in the order of {@code cells})
     * @param onStep told after every training step
     * @return the outcomes, in the order of {@code cells}
     * @throws Exception when training, sampling or writing fails
     * @throws IllegalArgumentException when the cells' trainings differ in more than the EMA
     */
    public List<QualityOutcome> run(List<QualityCell> cells, LabeledImageDataset data, Evaluator evaluator,
                                    FeatureStatistics reference, List<CellProvenance> provenances, LongConsumer onStep)
            throws Exception {
        return run(cells, data, evaluator, reference, provenances, onStep, () -> false);
    }

    /**
     * Like {@link #run(List, LabeledImageDataset, Evaluator, FeatureStatistics, List, LongConsumer)}, stopping between
     * two steps when asked to. A training that keeps no average checkpoints every
     * {@value ResumableTraining#CHECKPOINT_EVERY} steps and when stopped, and the next run of the same cells continues
     * from its newest checkpoint ({@link #resumesAt}) along the same trajectory; one with averages starts over.
     *
     * @param stopRequested asked before every step; true stops the training
     * @throws TrainingStopped when the training was stopped before its last step
     */
    public List<QualityOutcome> run(List<QualityCell> cells, LabeledImageDataset data, Evaluator evaluator,
                                    FeatureStatistics reference, List<CellProvenance> provenances, LongConsumer onStep,
                                    BooleanSupplier stopRequested) throws Exception {
        List<EffectiveTrainingSpec> specs = cells.stream().map(c -> spec(c, data)).toList();
        Path dir = settings.workDir().resolve(cells.get(0).id());
        Optional<ResumableTraining> resumable = resumable(cells, data);
        EffectiveTrainingSpec trained = SharedTraining.withoutEma(specs.get(0));
        if (resumable.isPresent()) {
            trained = new EffectiveTrainingSpec(trained.spec().withCheckpointEvery(
                    Math.min(trained.spec().steps(), ResumableTraining.CHECKPOINT_EVERY)));
        }
        List<QualityOutcome> outcomes = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            try (TrainingRecipe recipe = TrainingRecipe.prepare(trained, data, manager);
                 SharedTraining shared = new SharedTraining(specs, recipe.network().getParameters(), manager)) {
                Optional<ResumableTraining.Start> start = resumable.flatMap(ResumableTraining::start);
                if (start.isPresent()) {
                    recipe.resumeFrom(start.get().checkpoint(), manager);
                }
                double before = start.map(ResumableTraining.Start::seconds).orElse(0.0);
                // two, so that the checkpoint the state names is still there while the next one is being recorded
                int keep = resumable.isPresent() ? 2 : 1;
                TrainingRunResult run = recipe.run(dir.resolve("run"), recipe.previews(null, null), keep,
                        new TrainingListener() {
                            private double seconds;

                            @Override
                            public void onStep(TrainingProgress progress) {
                                seconds = progress.elapsed().toNanos() / 1e9;
                                shared.update(recipe.network().getParameters());
                                onStep.accept(progress.step());
                            }

                            @Override
                            public void onCheckpoint(long step) throws IOException {
                                if (resumable.isPresent()) {
                                    resumable.get().checkpointed(step, before + seconds);
                                }
                            }

                            @Override
                            public boolean isCancelled() {
                                return stopRequested.getAsBoolean();
                            }
                        });
                if (run.cancelled()) {
                    throw new TrainingStopped(cells.get(0).id(), run.stepsCompleted(), resumable.isPresent());
                }
                LoadedModel model = LoadedModel.load(run.modelFile(), manager);
                double seconds = before + run.elapsed().toMillis() / 1000.0;
                for (int i = 0; i < cells.size(); i++) {
                    shared.copyInto(i, recipe.trainer(), model.network());
                    KeptWeights.keep(settings.workDir().resolve(cells.get(i).id()), model, provenances.get(i), manager);
                    outcomes.add(score(cells.get(i), seconds, run.finalLoss(), model, evaluator, reference,
                            provenances.get(i)));
                }
            }
        }
        return outcomes;
    }

    /**
     * The step a training of these cells would continue from: that of the newest checkpoint a stopped run of the same
     * training left in the work folder.
     *
     * @param cells cells of one training, as for {@link #run}
     * @param data their training images
     * @return the step, empty when the training would start from scratch
     */
    public Optional<Long> resumesAt(List<QualityCell> cells, LabeledImageDataset data) {
        return resumable(cells, data).flatMap(ResumableTraining::start).map(ResumableTraining.Start::step);
    }

    /** A training resumes only when it keeps no averages: those are not in its checkpoints. */
    private Optional<ResumableTraining> resumable(List<QualityCell> cells, LabeledImageDataset data) {
        List<EffectiveTrainingSpec> specs = cells.stream().map(c -> spec(c, data)).toList();
        if (SharedTraining.keepsAverages(specs)) {
            return Optional.empty();
        }
        return Optional.of(new ResumableTraining(settings.workDir().resolve(cells.get(0).id()).resolve("run"),
                SharedTraining.trajectory(specs.get(0))));
    }

    /**
     * Judges a cell again from the sampling weights its training kept in the work folder, when they are there and
     * come from the training the cell would do now; the training's time and loss are the stored outcome's.
     *
     * @param cell the cell
     * @param stored its stored outcome, of the same training ({@link CellProvenance#sameTraining})
     * @param evaluator the data set's evaluator
     * @param reference statistics of the held-out real images
     * @param expected the provenance the cell would have if trained now
     * @return the new outcome, recorded in the ledger; empty when no such weights are kept
     * @throws Exception when loading, sampling or writing fails
     */
    public Optional<QualityOutcome> judgeAgain(QualityCell cell, QualityOutcome stored, Evaluator evaluator,
                                               FeatureStatistics reference, CellProvenance expected) throws Exception {
        Optional<Path> weights = KeptWeights.find(settings.workDir().resolve(cell.id()), expected);
        if (weights.isEmpty()) {
            return Optional.empty();
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            LoadedModel model = LoadedModel.load(weights.get(), manager);
            return Optional.of(score(cell, stored.trainSeconds(), stored.finalLoss(), model, evaluator, reference,
                    stored.provenance().judgedAgainAs(expected)));
        }
    }

    private QualityOutcome score(QualityCell cell, double trainSeconds, double finalLoss, LoadedModel model,
                                 Evaluator evaluator, FeatureStatistics reference, CellProvenance provenance)
            throws Exception {
        Path dir = settings.workDir().resolve(cell.id());
        EvaluationSpec evaluation = new EvaluationSpec(cell.id(), settings.imagesPerClass(),
                List.of(new SamplerSettings(SamplerType.DDIM, settings.samplerSteps(), 0.0, 1.0,
                        cell.recipe().clipDenoised())), false, settings.evaluationSeed(), (int) reference.count())
                .withDefaults(model.schedule().timesteps(), model.numClasses());
        EvaluationReport report = EvaluationRecipe.run(model, evaluation, evaluator, reference, cell.dataset(),
                dir, GenerationLimits.defaults(), (sampler, samplers, step, steps) -> {}, () -> false);
        EvaluationReport.Row row = report.rows().get(0);
        QualityOutcome outcome = new QualityOutcome(cell.id(), cell.dataset(), cell.width(), cell.seed(),
                cell.recipe().name(), cell.steps(), cell.budget(), trainSeconds,
                finalLoss, row.accuracy() == null ? Double.NaN : row.accuracy(), row.frechetDistance(),
                row.seconds(), report.evaluatorAccuracy(), EvaluationRecipe.gridName(0), provenance);
        return ledger().record(outcome, dir.resolve(outcome.grid()));
    }

    /**
     * Whether two cells' trainings are one: their specs differ at most in the EMA.
     *
     * @param a a cell
     * @param b another cell
     * @param data their training images
     * @return whether one training serves both
     */
    public boolean shareTraining(QualityCell a, QualityCell b, LabeledImageDataset data) {
        return SharedTraining.trajectory(spec(a, data)).equals(SharedTraining.trajectory(spec(b, data)));
    }

    /**
     * SHA-256 of a spec as JSON with sorted keys: equal for equal specs whatever the field order.
     *
     * @param spec an effective training spec
     * @return lower-case hex
     */
    public static String specSha256(EffectiveTrainingSpec spec) {
        try {
            // as plain maps, so that ORDER_MAP_ENTRIES_BY_KEYS sorts every level
            Object plain = JsonMapper.shared().convertValue(spec.spec(), Object.class);
            byte[] json = JsonMapper.configure(new ObjectMapper()).enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .writeValueAsBytes(plain);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint a training spec", e);
        }
    }

    /** @return the study's settings */
    public Settings settings() {
        return settings;
    }
}
