package dev.diffusion.worker.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffusion.common.json.JsonMapper;
import dev.diffusion.common.messaging.Artifact;
import dev.diffusion.common.messaging.EventKind;
import dev.diffusion.common.messaging.JobDispatch;
import dev.diffusion.common.messaging.JobEvent;
import dev.diffusion.common.messaging.ModelRef;
import dev.diffusion.common.spec.GenerationSpec;
import dev.diffusion.common.spec.ImportSpec;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.common.spec.WeightsFormat;
import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.engine.model.weights.StateDict;
import dev.diffusion.engine.model.weights.Tensor;
import dev.diffusion.engine.model.weights.WeightFiles;
import dev.diffusion.worker.storage.Sha256;
import dev.diffusion.worker.testing.TestJobs;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Import dispatches through real Kafka and S3: a state dict PyTorch wrote (the committed fixture of
 * {@code worker/src/main/python/make_import_fixture.py}) becomes a model that generation jobs sample, a trained
 * model's exported {@code model.safetensors} imports back into the very same grid, and every kind of bad file ends
 * the job FAILED with its reason named while the worker stays healthy.
 */
@QuarkusTest
class ImportJobsTest extends JobServiceTestBase {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
    private static final String FIXTURE = "pytorch-context-unet";
    private static final long MAX_BYTES = 512L << 20;
    private static final UUID TENANT = UUID.fromString("00000000-0000-4000-8000-00000000a11c");

    @Test
    void aStateDictWrittenByPyTorchImportsWithItsProvenanceAndGenerates() throws Exception {
        Path file = fixture(FIXTURE + ".safetensors");
        String location = upload(file, "pytorch/context.safetensors");
        UUID job = UUID.randomUUID();

        topics.dispatch(importing(job, fixtureSpec(location, null), MAX_BYTES));

        JobEvent end = topics.awaitEnd(job, 1, JOB_TIMEOUT);
        assertThat(end.kind()).as("final event %s", end).isEqualTo(EventKind.SUCCEEDED);
        assertThat(end.model().key()).isEqualTo(TestJobs.modelOf(job).key());
        assertThat(end.artifacts()).extracting(Artifact::name).containsExactlyInAnyOrder(ObjectKeys.IMPORT_CHECK_GRID,
                ObjectKeys.MODEL_WEIGHTS, ObjectKeys.MODEL_SPEC, ObjectKeys.IMPORTED_WEIGHTS);
        Artifact source = end.artifacts().stream().filter(a -> a.name().equals(ObjectKeys.IMPORTED_WEIGHTS)).findFirst()
                .orElseThrow();
        assertThat(source.sha256()).isEqualTo(Sha256.of(file));
        assertThat(source.sizeBytes()).isEqualTo(Files.size(file));
        assertThat(end.metrics()).containsEntry("initialisedTensors", 0.0).containsKey("weights");
        assertThat(ObjectKeys.parseLocation(location).key()).isEqualTo(source.key());
        // progress is limited to 2 events a second: a quick import shows its first phase, later ones may be skipped
        assertThat(topics.events(job)).filteredOn(e -> e.progress() != null).extracting(e -> e.progress().phase())
                .startsWith("downloading").isSubsetOf("downloading", "validating", "registering");

        UUID generation = UUID.randomUUID();
        topics.dispatch(TestJobs.generation(generation, TestJobs.modelOf(job), TestJobs.generationSpec(
                "{\"modelId\":\"%s\",\"steps\":5,\"numImages\":4,\"labels\":[0,1,2,3],\"seed\":1}"
                        .formatted(TestJobs.modelOf(job).modelId()), 50)));
        assertThat(topics.awaitEnd(generation, 1, JOB_TIMEOUT).kind()).isEqualTo(EventKind.SUCCEEDED);
    }

    @Test
    void aStateDictOfTheCoursesContextUnetWithoutTheShortcutItBuildsInForwardImports() throws Exception {
        StateDict course = without(without(WeightFiles.read(fixture(FIXTURE + ".safetensors")),
                "init_conv.shortcut.weight"), "init_conv.shortcut.bias");
        UUID job = UUID.randomUUID();

        topics.dispatch(importing(job, fixtureSpec(upload(changed(course, "course", d -> d), "course/context"), null),
                MAX_BYTES));

        JobEvent end = topics.awaitEnd(job, 1, JOB_TIMEOUT);
        assertThat(end.kind()).as("final event %s", end).isEqualTo(EventKind.SUCCEEDED);
        assertThat(end.metrics()).containsEntry("initialisedTensors", 2.0);
    }

    @Test
    void aTrainedModelsExportedWeightsImportBackIntoAByteIdenticalGrid() throws Exception {
        TrainingSpec training = TestJobs.tinyShapes(4, 4, 0);
        UUID trainingJob = UUID.randomUUID();
        topics.dispatch(TestJobs.training(trainingJob, 1, training, null));
        JobEvent trained = topics.awaitEnd(trainingJob, 1, JOB_TIMEOUT);
        assertThat(trained.kind()).as("training %s", trained).isEqualTo(EventKind.SUCCEEDED);
        Artifact weights = artifact(trained, ObjectKeys.MODEL_WEIGHTS);
        Artifact specFile = artifact(trained, ObjectKeys.MODEL_SPEC);
        Path exported = folder.resolve("exported.safetensors");
        store.download(weights.bucket(), weights.key(), exported);
        TrainingSpec exportedSpec = JsonMapper.shared().readValue(store.readAllBytes(specFile.bucket(), specFile.key()),
                TrainingSpec.class);
        assertThat(exportedSpec).isEqualTo(training);

        UUID importJob = UUID.randomUUID();
        topics.dispatch(importing(importJob, new ImportSpec(upload(exported, "round-trip/" + importJob), null, "again",
                exportedSpec.dataset(), exportedSpec.imageSize(), exportedSpec.channels(), exportedSpec.model(),
                exportedSpec.schedule()), MAX_BYTES));
        assertThat(topics.awaitEnd(importJob, 1, JOB_TIMEOUT).kind()).isEqualTo(EventKind.SUCCEEDED);

        byte[] original = grid(TestJobs.modelOf(trainingJob));
        byte[] imported = grid(TestJobs.modelOf(importJob));
        assertThat(imported).isEqualTo(original);
    }

    @Test
    void badFilesFailWithTheirReasonNamedAndTheWorkerStaysHealthy() throws Exception {
        Path good = fixture(FIXTURE + ".safetensors");
        StateDict tensors = WeightFiles.read(good);
        byte[] bytes = Files.readAllBytes(good);

        assertFails(upload(write("truncated.safetensors", Arrays.copyOf(bytes, bytes.length / 2)), "bad/truncated"),
                null, MAX_BYTES, JobFailure.INVALID_WEIGHTS, "Malformed safetensors file s3://");
        assertFails(upload(write("notes.txt", "these are not weights".getBytes()), "bad/notes.txt"), null, MAX_BYTES,
                JobFailure.INVALID_WEIGHTS, "neither safetensors nor npz");
        assertFails(upload(good, "bad/format"), WeightsFormat.NPZ, MAX_BYTES, JobFailure.INVALID_WEIGHTS,
                "format says npz but the file is safetensors");
        assertFails(upload(changed(tensors, "missing", d -> without(d, "out.3.bias")), "bad/missing"), null, MAX_BYTES,
                JobFailure.INVALID_WEIGHTS, "missing parameter 'out.3.bias' (network shape (1))");
        assertFails(upload(changed(tensors, "shape", d -> replaced(d, "up0.0.weight",
                        new Tensor(new long[] {16, 16, 3, 3}, new float[16 * 16 * 9]))), "bad/shape"), null, MAX_BYTES,
                JobFailure.INVALID_WEIGHTS, "shape mismatch for 'up0.0.weight': file (16, 16, 3, 3), network (16, 16, 4, 4)");
        assertFails(upload(changed(tensors, "nan", d -> replaced(d, "out.3.bias", new Tensor(new long[] {1},
                        new float[] {Float.NaN}))), "bad/nan"), null, MAX_BYTES,
                JobFailure.INVALID_WEIGHTS, "non-finite values in 'out.3.bias': 1 NaN");
        assertFails(upload(good, "bad/large"), null, 1000, JobFailure.WEIGHTS_TOO_LARGE,
                "is " + Files.size(good) + " bytes, more than the limit of 1000 bytes");
        assertFails(location("bad/never-uploaded"), null, MAX_BYTES, JobFailure.WEIGHTS_NOT_FOUND,
                "upload it first");

        assertThat(service.isHealthy()).isTrue();
        aStateDictWrittenByPyTorchImportsWithItsProvenanceAndGenerates();
    }

    private void assertFails(String location, WeightsFormat format, long maxBytes, String code, String reason) {
        UUID job = UUID.randomUUID();
        topics.dispatch(importing(job, fixtureSpec(location, format), maxBytes));
        JobEvent end = topics.awaitEnd(job, 1, JOB_TIMEOUT);
        assertThat(end.kind()).as("%s: %s", location, end).isEqualTo(EventKind.FAILED);
        assertThat(end.error().code()).as(location).isEqualTo(code);
        assertThat(end.error().message()).as(location).contains(reason);
        assertThat(end.error().retryable()).isFalse();
        assertThat(store.exists(ObjectKeys.MODELS_BUCKET, TestJobs.modelOf(job).key())).as("nothing registered").isFalse();
    }

    private byte[] grid(ModelRef model) throws Exception {
        UUID job = UUID.randomUUID();
        topics.dispatch(TestJobs.generation(job, model, TestJobs.generationSpec(
                "{\"modelId\":\"%s\",\"steps\":10,\"numImages\":8,\"labels\":[0,1,2,3,0,1,2,3],\"seed\":11,"
                        .formatted(model.modelId()) + "\"gif\":{\"enabled\":false}}", 50)));
        JobEvent end = topics.awaitEnd(job, 1, JOB_TIMEOUT);
        assertThat(end.kind()).as("generation %s", end).isEqualTo(EventKind.SUCCEEDED);
        return store.readAllBytes(ObjectKeys.ARTIFACTS_BUCKET, ObjectKeys.grid(job));
    }

    private static JobDispatch importing(UUID job, ImportSpec spec, long maxBytes) {
        return JobDispatch.modelImport(job, 1, spec.withDefaults(), TestJobs.modelOf(job), maxBytes, Instant.now());
    }

    private ImportSpec fixtureSpec(String location, WeightsFormat format) {
        try (InputStream in = resource(FIXTURE + ".json")) {
            ImportSpec network = JsonMapper.shared().readValue(in, ImportSpec.class);
            return new ImportSpec(location, format, null, network.dataset(), network.imageSize(), network.channels(),
                    network.model(), network.schedule());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String upload(Path file, String path) {
        String location = location(path);
        var where = ObjectKeys.parseLocation(location);
        store.upload(where.bucket(), where.key(), file, "application/octet-stream");
        return location;
    }

    private static String location(String path) {
        return "s3://" + ObjectKeys.DATASETS_BUCKET + "/" + ObjectKeys.tenantArea(TENANT) + path;
    }

    private Path fixture(String name) throws Exception {
        Path file = folder.resolve(name);
        try (InputStream in = resource(name)) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    private static InputStream resource(String name) {
        InputStream in = ImportJobsTest.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + name + " (make_import_fixture.py writes it)");
        }
        return in;
    }

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(folder.resolve(name), bytes);
    }

    private Path changed(StateDict original, String name, UnaryOperator<StateDict> change) throws Exception {
        Path file = folder.resolve(name + ".safetensors");
        WeightFiles.write(change.apply(original), file);
        return file;
    }

    private static StateDict without(StateDict original, String name) {
        StateDict copy = new StateDict();
        original.asMap().forEach((n, t) -> {
            if (!n.equals(name)) {
                copy.put(n, t);
            }
        });
        return copy;
    }

    private static StateDict replaced(StateDict original, String name, Tensor tensor) {
        StateDict copy = new StateDict();
        original.asMap().forEach((n, t) -> copy.put(n, n.equals(name) ? tensor : t));
        return copy;
    }

    private static Artifact artifact(JobEvent event, String name) {
        return event.artifacts().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }
}
