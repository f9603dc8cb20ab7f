package dev.diffusion.worker.job;

import ai.djl.ndarray.NDManager;

import dev.diffusion.common.messaging.Artifact;
import dev.diffusion.common.messaging.ImportTask;
import dev.diffusion.common.messaging.JobType;
import dev.diffusion.common.spec.EffectiveGenerationSpec;
import dev.diffusion.common.spec.EffectiveTrainingSpec;
import dev.diffusion.common.spec.FieldError;
import dev.diffusion.common.spec.GenerationSpec;
import dev.diffusion.common.spec.GifSpec;
import dev.diffusion.common.spec.ImportSpec;
import dev.diffusion.common.spec.SamplerType;
import dev.diffusion.common.spec.SpecValidator;
import dev.diffusion.common.spec.WeightsFormat;
import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.common.storage.ObjectLocation;
import dev.diffusion.engine.model.weights.StateDict;
import dev.diffusion.engine.model.weights.WeightFiles;
import dev.diffusion.engine.sample.GenerationResult;
import dev.diffusion.worker.recipe.LoadedModel;
import dev.diffusion.worker.recipe.WeightImport;
import dev.diffusion.worker.storage.ObjectStore;
import dev.diffusion.worker.storage.ObjectSummary;
import dev.diffusion.worker.storage.StorageException;
import dev.diffusion.worker.storage.StoredObject;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * An import dispatch: a PyTorch state dict trained elsewhere becomes a registered model. Phases:
 * <ol>
 *   <li>{@code downloading}: the object's size is checked against the dispatch's limit before a byte is read, then
 *       it is downloaded and hashed (its SHA-256 is the model's provenance);</li>
 *   <li>{@code validating}: the format (given, or detected from the first bytes) is read and every tensor is checked
 *       against the network the spec describes — missing, unexpected, mis-shaped and non-finite tensors are all
 *       named in one permanent {@link JobFailure#INVALID_WEIGHTS}; nothing is uploaded then (a ContextUnet saved by
 *       the course's code lacks its first block's 1×1 shortcut, {@link WeightImport#COURSE_SHORTCUT}: it keeps its
 *       initial values, counted in the metric {@code initialisedTensors});</li>
 *   <li>{@code registering}: the model file is written and uploaded where the dispatch asks, with
 *       {@code model.safetensors} and {@code model-spec.json} beside it, a small grid is sampled from it
 *       ({@code check-grid.png}), and the source file is reported as the artifact {@code imported-weights}; the api
 *       registers the model on SUCCEEDED.</li>
 * </ol>
 * Storage that is unreachable fails the attempt as retryable ({@link FailureClassifier}); a missing file is the
 * permanent {@link JobFailure#WEIGHTS_NOT_FOUND}, one over the limit {@link JobFailure#WEIGHTS_TOO_LARGE}.
 */
@ApplicationScoped
public class ImportExecutor implements JobExecutor {

    /** Images of the check grid of an unconditional model. */
    static final int CHECK_IMAGES = 8;
    /** DDIM steps of the check grid (at most T). */
    static final int CHECK_STEPS = 25;
    /** Seed of the check grid: the same weights give the same grid. */
    static final long CHECK_SEED = 0;

    private final ObjectStore store;

    @Inject
    public ImportExecutor(ObjectStore store) {
        this.store = store;
    }

    @Override
    public JobType type() {
        return JobType.IMPORT;
    }

    @Override
    public JobOutcome execute(JobContext context) throws Exception {
        ImportTask task = context.dispatch().modelImport();
        ImportSpec spec = validated(task.spec());
        EffectiveTrainingSpec network = EffectiveTrainingSpec.of(spec.trainingSpec());
        ObjectLocation source = ObjectKeys.parseLocation(spec.weights());

        context.progress("downloading", 0, 3, null, Map.of());
        StoredObject downloaded = download(source, task.maxBytes(), context.folder().resolve("weights"));
        if (context.shouldStop()) {
            return JobOutcome.stoppedEarly(Map.of());
        }

        context.progress("validating", 1, 3, null, Map.of());
        Path modelFile = context.folder().resolve(ObjectKeys.MODEL_FILE);
        Path local = context.folder().resolve("weights");
        WeightImport.Imported imported;
        try {
            StateDict stateDict = read(local, spec.format());
            imported = WeightImport.toModelFile(network, stateDict, modelFile);
        } catch (IllegalArgumentException e) {
            // the engine names the local copy; the user knows the file by its location
            String why = String.valueOf(e.getMessage()).replace(local.toString(), source.uri())
                    .replace(local.toAbsolutePath().toString(), source.uri());
            throw JobFailure.permanent(JobFailure.INVALID_WEIGHTS, spec.weights() + " cannot be imported into the "
                    + network.spec().model().architecture().wireName() + " the spec describes: " + why, e);
        }
        if (context.shouldStop()) {
            return JobOutcome.stoppedEarly(Map.of());
        }

        Map<String, Double> metrics = Map.of("weights", (double) imported.weights(),
                "sizeBytes", (double) downloaded.sizeBytes(), "initialisedTensors", (double) imported.initialised().size());
        context.progress("registering", 2, 3, null, metrics);
        GenerationResult check = checkGrid(modelFile, context);
        if (check.cancelled() || context.shouldStop()) {
            return JobOutcome.stoppedEarly(Map.of());
        }
        context.uploadArtifact(ObjectKeys.IMPORT_CHECK_GRID, check.grid(), "image/png");
        Artifact model = context.uploadModel(modelFile, task.model());
        TrainingExecutor.uploadExport(context, modelFile, task.model());
        context.reportArtifact(ObjectKeys.IMPORTED_WEIGHTS, downloaded);
        return JobOutcome.finished(model, metrics);
    }

    private static ImportSpec validated(ImportSpec given) {
        List<FieldError> errors = SpecValidator.validate(given);
        if (!errors.isEmpty()) {
            throw JobFailure.permanent(JobFailure.INVALID_SPEC, "invalid import spec: " + errors.stream()
                    .map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
        }
        return given.withDefaults();
    }

    /** Checks the size first (a presigned PUT cannot limit it), then downloads and hashes the file. */
    private StoredObject download(ObjectLocation source, long maxBytes, Path target) {
        ObjectSummary summary = store.stat(source.bucket(), source.key()).orElseThrow(() -> JobFailure.permanent(
                JobFailure.WEIGHTS_NOT_FOUND, "no object at " + source.uri() + ": upload it first (POST /api/v1/uploads)"));
        if (summary.sizeBytes() > maxBytes) {
            throw JobFailure.permanent(JobFailure.WEIGHTS_TOO_LARGE, source.uri() + " is " + summary.sizeBytes()
                    + " bytes, more than the limit of " + maxBytes + " bytes");
        }
        try {
            StoredObject stored = store.download(source.bucket(), source.key(), target);
            if (stored.sizeBytes() > maxBytes) {
                throw JobFailure.permanent(JobFailure.WEIGHTS_TOO_LARGE, source.uri() + " is " + stored.sizeBytes()
                        + " bytes, more than the limit of " + maxBytes + " bytes");
            }
            return stored;
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.NOT_FOUND) {
                throw JobFailure.permanent(JobFailure.WEIGHTS_NOT_FOUND, "no object at " + source.uri()
                        + ": upload it first (POST /api/v1/uploads)", e);
            }
            throw e;
        }
    }

    /** The state dict in the given format, or the one the first bytes show. */
    private static StateDict read(Path file, WeightsFormat given) throws IOException {
        WeightFiles.Format detected = WeightFiles.detect(file).orElse(null);
        if (detected == null) {
            throw new IllegalArgumentException("the file is neither safetensors nor npz (its first bytes are neither "
                    + "a safetensors header nor a zip signature)" + (given == null ? "" : "; format says "
                    + given.wireName()));
        }
        if (given != null && !given.name().equals(detected.name())) {
            throw new IllegalArgumentException("format says " + given.wireName() + " but the file is "
                    + detected.name().toLowerCase(Locale.ROOT));
        }
        return WeightFiles.read(file, detected);
    }

    /** A few images from the imported weights: one per class (at most ten), or {@value #CHECK_IMAGES}. */
    private static GenerationResult checkGrid(Path modelFile, JobContext context) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            LoadedModel model = LoadedModel.load(modelFile, manager);
            int timesteps = model.schedule().timesteps();
            int classes = Math.min(10, model.numClasses());
            List<Integer> labels = classes > 0 ? IntStream.range(0, classes).boxed().toList() : null;
            int images = classes > 0 ? classes : CHECK_IMAGES;
            GenerationSpec check = new GenerationSpec("import-check", SamplerType.DDIM, Math.min(CHECK_STEPS, timesteps),
                    0.0, images, labels, 1.0, CHECK_SEED, images, new GifSpec(false, null, null, null), null, null);
            return model.generate(EffectiveGenerationSpec.of(check, timesteps), context.folder().resolve("check"),
                    (done, total) -> { }, context::shouldStop);
        }
    }
}
