package dev.diffusion.worker.job;

import ai.djl.ndarray.NDManager;

import dev.diffusion.common.messaging.EvaluationTask;
import dev.diffusion.common.messaging.JobType;
import dev.diffusion.common.spec.EvaluationSpec;
import dev.diffusion.common.spec.FieldError;
import dev.diffusion.common.spec.SpecValidator;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.engine.data.LabeledImageDataset;
import dev.diffusion.engine.eval.Evaluator;
import dev.diffusion.engine.eval.FeatureStatistics;
import dev.diffusion.engine.render.PngGridWriter;
import dev.diffusion.engine.sample.GenerationLimits;
import dev.diffusion.worker.config.WorkerConfig;
import dev.diffusion.worker.recipe.EvaluationRecipe;
import dev.diffusion.worker.recipe.EvaluationReport;
import dev.diffusion.worker.recipe.LoadedModel;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An evaluation dispatch: loads the model and its data set (named by the training spec the model file keeps),
 * obtains the data set's evaluator ({@link Evaluators}), takes up to {@code referenceImages} of the evaluator's
 * held-out real images as the reference, scores every sampler of the spec with {@link EvaluationRecipe}, and
 * uploads each sampler's grid and the report ({@code evaluation.json}, {@code evaluation.md},
 * {@code evaluation.png}). Its metrics are the first sampler's scores. Cancelled, it stops between sampler steps
 * and uploads nothing more.
 */
@ApplicationScoped
public class EvaluationExecutor implements JobExecutor {

    private final ModelFiles models;
    private final Evaluators evaluators;
    private final WorkerConfig.Datasets datasetLimits;
    private final GenerationLimits generationLimits;

    @Inject
    public EvaluationExecutor(ModelFiles models, Evaluators evaluators, WorkerConfig config) {
        this.models = models;
        this.evaluators = evaluators;
        this.datasetLimits = config.datasets();
        this.generationLimits = new GenerationLimits(config.generation().maxBatchImages(),
                config.generation().gifMaxBytes());
    }

    @Override
    public JobType type() {
        return JobType.EVALUATION;
    }

    @Override
    public JobOutcome execute(JobContext context) throws Exception {
        EvaluationTask task = context.dispatch().evaluation();
        context.progress("loading-model", 0, 0, null, Map.of());
        try (NDManager manager = NDManager.newBaseManager()) {
            LoadedModel model = models.load(task.model(), context.cache(), manager);
            EvaluationSpec spec = validated(task.spec(), model);
            TrainingSpec training = model.spec().spec();
            context.progress("loading-data", 0, 0, null, Map.of());
            LabeledImageDataset data = new DatasetLoader(context.store(), context.buckets().datasetsBucket(),
                    context.cache(), datasetLimits, task.datasetScope()).load(training);
            Evaluator evaluator = evaluators.obtain(data, Evaluators.identity(training.dataset(), data), context, manager);
            FeatureStatistics reference = evaluator.statistics(EvaluationRecipe.referenceImages(data, spec.referenceImages()));
            Path out = context.folder().resolve("evaluation");
            EvaluationReport report = EvaluationRecipe.run(model, spec, evaluator, reference, training.dataset(), out,
                    generationLimits, (sampler, samplers, step, steps) -> context.progress("sampling " + (sampler + 1) + "/" + samplers,
                            sampler * steps + step, samplers * steps, null, Map.of()),
                    context::shouldStop);
            if (report == null || context.shouldStop()) {
                return JobOutcome.stoppedEarly(context.lastMetrics());
            }
            context.progress("uploading", spec.samplers().size(), spec.samplers().size(), 0.0, report.metrics());
            for (int i = 0; i < spec.samplers().size(); i++) {
                String name = EvaluationRecipe.gridName(i);
                context.uploadArtifact(name, out.resolve(name), "image/png");
            }
            context.uploadArtifact(ObjectKeys.EVALUATION_JSON, Files.write(out.resolve(ObjectKeys.EVALUATION_JSON),
                    report.json()), "application/json");
            context.uploadArtifact(ObjectKeys.EVALUATION_MARKDOWN, Files.writeString(
                    out.resolve(ObjectKeys.EVALUATION_MARKDOWN), report.markdown()), "text/markdown");
            Path chart = out.resolve(ObjectKeys.EVALUATION_CHART);
            PngGridWriter.write(report.chart(), chart);
            context.uploadArtifact(ObjectKeys.EVALUATION_CHART, chart, "image/png");
            return JobOutcome.finished(null, report.metrics());
        }
    }

    private static EvaluationSpec validated(EvaluationSpec given, LoadedModel model) {
        int timesteps = model.schedule().timesteps();
        List<FieldError> errors = SpecValidator.validate(given, timesteps, model.numClasses());
        if (!errors.isEmpty()) {
            throw JobFailure.permanent(JobFailure.INVALID_SPEC, "invalid evaluation spec for this model: " + errors
                    .stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
        }
        return given.withDefaults(timesteps, model.numClasses());
    }
}
