package dev.diffusion.worker.recipe;

import dev.diffusion.common.spec.EffectiveTrainingSpec;
import dev.diffusion.common.spec.EvaluationSpec;
import dev.diffusion.common.spec.SamplerSettings;
import dev.diffusion.common.spec.SamplerType;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.engine.data.LabeledImageDataset;
import dev.diffusion.engine.diffusion.NoiseSchedule;
import dev.diffusion.engine.eval.Evaluator;
import dev.diffusion.engine.eval.FeatureStatistics;
import dev.diffusion.engine.model.NoisePredictor;
import dev.diffusion.engine.render.PngGridWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A training's quality by step ({@code evaluateEvery}): every {@code evaluateEvery} steps and after the last one, the
 * sampling weights are scored the same cheap, fixed way — DDIM with {@value #DDIM_STEPS} steps (at most T), eta 0,
 * guidance 1, {@value #IMAGES_PER_CLASS} images per class from the noise of the training seed + i — against up to
 * {@value #REFERENCE_IMAGES} held-out real images, so the points of one run, and of runs with the same seed, are
 * comparable. Sampling draws its noise from its own seeds and runs without gradients, so training goes on exactly
 * as it would without the evaluations.
 */
public final class TrainingEvaluation {

    /** Images drawn per class at each point. */
    public static final int IMAGES_PER_CLASS = 10;
    /** DDIM steps of the sampler (fewer when the schedule has fewer timesteps). */
    public static final int DDIM_STEPS = 25;
    /** Held-out real images the Fréchet distance compares against, at most. */
    public static final int REFERENCE_IMAGES = 1000;

    private final Evaluator evaluator;
    private final FeatureStatistics reference;
    private final long totalSteps;
    private QualityCurve curve;

    private TrainingEvaluation(Evaluator evaluator, FeatureStatistics reference, QualityCurve curve, long totalSteps) {
        this.evaluator = evaluator;
        this.reference = reference;
        this.curve = curve;
        this.totalSteps = totalSteps;
    }

    /**
     * Prepares the evaluations of a spec with {@code evaluateEvery} above 0: the reference statistics of the
     * held-out images the evaluator did not train on.
     *
     * @param spec the training spec
     * @param data its training images (labelled, at least two classes)
     * @param evaluator the evaluator of that data set
     * @return the evaluation, no point yet
     */
    public static TrainingEvaluation prepare(EffectiveTrainingSpec spec, LabeledImageDataset data, Evaluator evaluator) {
        TrainingSpec s = spec.spec();
        if (s.evaluateEvery() < 1) {
            throw new IllegalArgumentException("the spec does not evaluate as it trains (evaluateEvery "
                    + s.evaluateEvery() + ")");
        }
        FeatureStatistics reference = evaluator.statistics(EvaluationRecipe.referenceImages(data, REFERENCE_IMAGES));
        SamplerSettings sampler = sampler(s.schedule().timesteps());
        int classes = Math.min(s.model().numClasses(), evaluator.info().classes());
        int images = IMAGES_PER_CLASS * (classes > 0 ? classes : EvaluationSpec.UNCONDITIONAL_GROUPS);
        QualityCurve curve = new QualityCurve(s.dataset(), s.evaluateEvery(), sampler, sampler.label(), images,
                (int) reference.count(), s.seed(), evaluator.info().heldOutAccuracy(), List.of());
        return new TrainingEvaluation(evaluator, reference, curve, s.steps());
    }

    /**
     * Why a data set cannot be scored as it trains, in words for the job's failure and the command line's usage error.
     *
     * @param dataset the spec's data set name
     * @param data its images
     * @return the reason, or empty when it has the two labelled classes an evaluator needs
     */
    public static Optional<String> unusable(String dataset, LabeledImageDataset data) {
        if (data.numClasses() >= 2) {
            return Optional.empty();
        }
        return Optional.of("evaluateEvery needs a data set of at least two labelled classes to train its "
                + "evaluator on; " + dataset + " has " + data.numClasses() + " (set evaluateEvery to 0)");
    }

    /**
     * The sampler of every point.
     *
     * @param timesteps T of the model
     * @return DDIM with min({@value #DDIM_STEPS}, T) steps, eta 0, guidance 1, clipping as DDIM does by default (not)
     */
    public static SamplerSettings sampler(int timesteps) {
        return new SamplerSettings(SamplerType.DDIM, Math.min(DDIM_STEPS, timesteps), 0.0, 1.0).withDefaults(timesteps);
    }

    /**
     * Whether the weights after a step are scored.
     *
     * @param step steps completed
     * @return true every {@code evaluateEvery} steps and after the last
     */
    public boolean due(long step) {
        return step > 0 && (step % curve.evaluateEvery() == 0 || step == totalSteps);
    }

    /**
     * Scores a network as it is now and adds the point.
     *
     * @param step steps completed
     * @param network the network with its sampling weights in place
     * @param schedule its noise schedule
     * @param cancelled polled between sampler steps
     * @return the point, or null when cancelled (no point added)
     */
    public QualityCurve.Point evaluate(long step, NoisePredictor network, NoiseSchedule schedule,
                                       BooleanSupplier cancelled) {
        EvaluationReport.Row row = EvaluationRecipe.score(network, schedule, curve.sampler(), IMAGES_PER_CLASS,
                curve.seed(), evaluator, reference, cancelled);
        if (row == null) {
            return null;
        }
        QualityCurve.Point point = new QualityCurve.Point(step, row.accuracy(), row.frechetDistance(), row.seconds());
        curve = curve.with(point);
        return point;
    }

    /**
     * Takes over the points of an earlier attempt up to the step a resumed training continues from.
     *
     * @param earlier the curve the earlier attempt wrote
     * @param step the step of the checkpoint training continues from
     */
    public void continueFrom(QualityCurve earlier, long step) {
        curve = curve.continuing(earlier, step);
    }

    /**
     * Writes {@code quality.json} and, once there is a point, {@code quality.png}.
     *
     * @param folder the run's folder
     * @throws IOException when a file cannot be written
     */
    public void write(Path folder) throws IOException {
        Files.write(folder.resolve(ObjectKeys.QUALITY_JSON), curve.json());
        if (curve.latest() != null) {
            PngGridWriter.write(curve.chart(), folder.resolve(ObjectKeys.QUALITY_CHART));
        }
    }

    /** @return the points so far and how they were measured */
    public QualityCurve curve() {
        return curve;
    }
}
