package dev.diffusion.worker.job;

import ai.djl.ndarray.NDManager;
import dev.diffusion.common.messaging.GenerationTask;
import dev.diffusion.common.messaging.JobType;
import dev.diffusion.common.spec.FieldError;
import dev.diffusion.common.spec.EffectiveGenerationSpec;
import dev.diffusion.common.spec.GenerationSpec;
import dev.diffusion.common.spec.SpecValidator;
import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.engine.sample.GenerationLimits;
import dev.diffusion.engine.sample.GenerationResult;
import dev.diffusion.worker.config.WorkerConfig;
import dev.diffusion.worker.recipe.LoadedModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A generation dispatch: fetches the model (cached per model id: a registered model never changes),
 * samples with {@link LoadedModel#generate} (the path {@code worker sample} takes) and uploads {@code grid.png} and {@code denoise.gif}. Cancelled,
 * it still uploads the grid (and GIF) of the partly denoised images. Its memory is bounded by
 * {@link WorkerConfig.Generation}: images sampled in chunks, GIF frames spooled to disk within a byte budget.
 */
@ApplicationScoped
public class GenerationExecutor implements JobExecutor {

    private final ModelFiles models;
    private final GenerationLimits limits;

    @Inject
    public GenerationExecutor(ModelFiles models, WorkerConfig config) {
        this.models = models;
        this.limits = new GenerationLimits(config.generation().maxBatchImages(), config.generation().gifMaxBytes());
    }

    @Override
    public JobType type() {
        return JobType.GENERATION;
    }

    @Override
    public JobOutcome execute(JobContext context) throws Exception {
        GenerationTask task = context.dispatch().generation();
        context.progress("loading-model", 0, 0, null, Map.of());
        try (NDManager manager = NDManager.newBaseManager()) {
            LoadedModel model = models.load(task.model(), context.cache(), manager);
            EffectiveGenerationSpec spec = validated(task.spec(), model);
            long started = System.nanoTime();
            GenerationResult result = model.generate(spec, limits, context.folder().resolve("out"),
                    (done, total) -> {
                        double perStep = (System.nanoTime() - started) / 1e9 / done;
                        context.progress("sampling", done, total, perStep * (total - done),
                                Map.of("secondsPerStep", perStep));
                    }, context::shouldStop);
            if (context.isAbandoned()) {
                return JobOutcome.stoppedEarly(context.lastMetrics());
            }
            context.progress("uploading", result.stepsCompleted(), result.totalSteps(), 0.0, context.lastMetrics());
            context.uploadArtifact(ObjectKeys.GRID, result.grid(), "image/png");
            if (result.gif() != null) {
                context.uploadArtifact(ObjectKeys.DENOISE_GIF, result.gif(), "image/gif");
            }
            Map<String, Double> metrics = Map.of("samplerSteps", (double) result.stepsCompleted(),
                    "seconds", result.elapsed().toMillis() / 1000.0, "chunks", (double) result.chunks(),
                    "gifFrames", (double) result.gifFrames());
            return result.cancelled() ? JobOutcome.stoppedEarly(metrics) : JobOutcome.finished(null, metrics);
        }
    }

    private static EffectiveGenerationSpec validated(GenerationSpec given, LoadedModel model) {
        int timesteps = model.schedule().timesteps();
        List<FieldError> errors = SpecValidator.validate(given, timesteps, model.numClasses());
        if (!errors.isEmpty()) {
            throw JobFailure.permanent(JobFailure.INVALID_SPEC, "invalid generation spec for this model: " + errors
                    .stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
        }
        return EffectiveGenerationSpec.of(given, timesteps);
    }
}
