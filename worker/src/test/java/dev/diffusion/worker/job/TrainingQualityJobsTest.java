package dev.diffusion.worker.job;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import dev.diffusion.common.messaging.Artifact;
import dev.diffusion.common.messaging.CheckpointRef;
import dev.diffusion.common.messaging.EventKind;
import dev.diffusion.common.messaging.JobEvent;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.engine.train.Checkpoint;
import dev.diffusion.engine.train.CheckpointFiles;
import dev.diffusion.worker.recipe.QualityCurve;
import dev.diffusion.worker.recipe.TrainingEvaluation;
import dev.diffusion.worker.storage.FolderUpload;
import dev.diffusion.worker.testing.TestJobs;

import io.quarkus.test.junit.QuarkusTest;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

/**
 * Training jobs that score their sampling weights every {@code evaluateEvery} steps, through real Kafka and S3: the
 * points at the expected steps in {@code quality.json}, the latest scores in the metrics, the chart uploaded, the
 * weights bit-identical to the same training without evaluations, and a resumed attempt keeping the earlier points.
 */
@QuarkusTest
class TrainingQualityJobsTest extends JobServiceTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(240);

    /** With an EMA, which the defaults do not keep: scoring the averaged weights must not change them either. */
    private static TrainingSpec spec(int evaluateEvery) {
        return TestJobs.trainingSpec("""
                {"dataset":"shapes","model":{"architecture":"context-unet","baseChannels":8,"numClasses":4},
                 "schedule":{"timesteps":50},"batchSize":8,"steps":5,"checkpointEvery":2,"previewEvery":0,
                 "seed":11,"evaluateEvery":%d,"ema":{"decay":0.995}}""".formatted(evaluateEvery));
    }

    @Test
    void aTrainingScoresItsWeightsEveryNStepsAndAtTheEndWithoutChangingThem() throws Exception {
        JobEvent evaluated = train(UUID.randomUUID(), spec(2), null);
        JobEvent plain = train(UUID.randomUUID(), spec(0), null);

        QualityCurve curve = curveOf(evaluated);
        assertThat(curve.points()).extracting(QualityCurve.Point::step).containsExactly(2L, 4L, 5L);
        assertThat(curve.sampler()).isEqualTo(TrainingEvaluation.sampler(50));
        assertThat(curve.samplerLabel()).isEqualTo("ddim-25 s=1.0");
        assertThat(curve.images()).isEqualTo(4 * TrainingEvaluation.IMAGES_PER_CLASS);
        assertThat(curve.seed()).isEqualTo(11);
        assertThat(curve.points()).allSatisfy(p -> {
            assertThat(p.accuracy()).isBetween(0.0, 1.0);
            assertThat(p.frechetDistance()).isPositive();
            assertThat(p.seconds()).isPositive();
        });
        QualityCurve.Point last = curve.latest();
        assertThat(evaluated.metrics()).containsEntry("accuracy", last.accuracy())
                .containsEntry("frechetDistance", last.frechetDistance())
                .containsEntry("evaluationStep", 5.0)
                .containsEntry("steps", 5.0)
                .containsKeys("loss", "evaluatorAccuracy");
        assertThat(topics.events(evaluated.jobId())).filteredOn(e -> e.kind() == EventKind.CHECKPOINT)
                .filteredOn(e -> e.checkpoint().step() == 2).singleElement()
                .satisfies(e -> assertThat(e.metrics()).as("the scores as they were at step 2")
                        .containsEntry("evaluationStep", 2.0)
                        .containsEntry("frechetDistance", curve.points().get(0).frechetDistance()));

        Artifact chart = artifact(evaluated, ObjectKeys.QUALITY_CHART);
        assertThat(chart.contentType()).isEqualTo("image/png");
        assertThat(artifact(evaluated, ObjectKeys.QUALITY_JSON).contentType()).isEqualTo("application/json");
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(store.readAllBytes(chart.bucket(), chart.key())));
        assertThat(png.getWidth()).as("accuracy and distance panels").isEqualTo(1040);

        assertThat(plain.artifacts()).extracting(Artifact::name)
                .doesNotContain(ObjectKeys.QUALITY_JSON, ObjectKeys.QUALITY_CHART);
        assertThat(plain.metrics()).doesNotContainKeys("accuracy", "frechetDistance", "evaluationStep");
        assertSameWeights(evaluated, plain);
    }

    @Test
    void aResumedTrainingKeepsTheEarlierPointsUpToItsCheckpointAndScoresTheRestTheSame() throws Exception {
        UUID first = UUID.randomUUID();
        JobEvent whole = train(first, spec(2), null);
        QualityCurve before = curveOf(whole);

        // a later attempt of another job: its earlier attempt stored the curve, and it continues from step 4
        UUID resumed = UUID.randomUUID();
        Path earlier = Files.write(folder.resolve(ObjectKeys.QUALITY_JSON), before.json());
        store.upload(ObjectKeys.ARTIFACTS_BUCKET, ObjectKeys.jobArtifact(resumed, ObjectKeys.QUALITY_JSON), earlier,
                "application/json");
        CheckpointRef step4 = new CheckpointRef(ObjectKeys.MODELS_BUCKET, ObjectKeys.checkpoint(first, 4), 4);
        JobEvent end = train(resumed, spec(2), step4);

        QualityCurve after = curveOf(end);
        assertThat(after.points()).extracting(QualityCurve.Point::step).containsExactly(2L, 4L, 5L);
        assertThat(after.points().subList(0, 2)).isEqualTo(before.points().subList(0, 2));
        assertThat(after.latest().accuracy()).isEqualTo(before.latest().accuracy());
        assertThat(after.latest().frechetDistance()).isEqualTo(before.latest().frechetDistance());
        assertSameWeights(end, whole);
    }

    @Test
    void aDataSetOfOneClassCannotBeEvaluatedAndSaysSo() throws Exception {
        Path images = folder.resolve("images").resolve("dots");
        Files.createDirectories(images);
        for (int i = 0; i < 4; i++) {
            BufferedImage picture = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
            picture.setRGB(i * 3, 5, 0xFFFFFF);
            ImageIO.write(picture, "png", images.resolve(i + ".png").toFile());
        }
        String prefix = ObjectKeys.tenantArea(TestJobs.TENANT) + "one-class-" + UUID.randomUUID() + "/";
        FolderUpload.upload(store, folder.resolve("images"), ObjectKeys.DATASETS_BUCKET, prefix);
        TrainingSpec spec = TestJobs.trainingSpec("""
                {"dataset":"s3://%s/%s","model":{"architecture":"context-unet","baseChannels":8,"numClasses":4},
                 "schedule":{"timesteps":20},"batchSize":4,"steps":2,"previewEvery":0,"seed":2,"evaluateEvery":1}"""
                .formatted(ObjectKeys.DATASETS_BUCKET, prefix));

        UUID job = UUID.randomUUID();
        topics.dispatch(TestJobs.training(job, 1, spec, null));
        JobEvent end = topics.awaitEnd(job, 1, TIMEOUT);

        assertThat(end.kind()).as("final event %s", end).isEqualTo(EventKind.FAILED);
        assertThat(end.error().code()).isEqualTo(JobFailure.INVALID_SPEC);
        assertThat(end.error().retryable()).isFalse();
        assertThat(end.error().message()).contains("evaluateEvery", "at least two", "has 1");
    }

    private JobEvent train(UUID job, TrainingSpec spec, CheckpointRef resumeFrom) {
        topics.dispatch(TestJobs.training(job, 1, spec, resumeFrom));
        JobEvent end = topics.awaitEnd(job, 1, TIMEOUT);
        assertThat(end.kind()).as("final event %s", end).isEqualTo(EventKind.SUCCEEDED);
        return end;
    }

    private QualityCurve curveOf(JobEvent end) throws Exception {
        Artifact json = artifact(end, ObjectKeys.QUALITY_JSON);
        return QualityCurve.read(store.readAllBytes(json.bucket(), json.key()));
    }

    private static Artifact artifact(JobEvent end, String name) {
        return end.artifacts().stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not among " + end.artifacts()));
    }

    private void assertSameWeights(JobEvent a, JobEvent b) throws Exception {
        Path fileA = folder.resolve(a.jobId() + ".ckpt");
        Path fileB = folder.resolve(b.jobId() + ".ckpt");
        store.download(a.model().bucket(), a.model().key(), fileA);
        store.download(b.model().bucket(), b.model().key(), fileB);
        try (NDManager manager = NDManager.newBaseManager();
                Checkpoint x = CheckpointFiles.read(fileA, manager);
                Checkpoint y = CheckpointFiles.read(fileB, manager)) {
            assertThat(x.metadata().step()).isEqualTo(y.metadata().step()).isEqualTo(5);
            assertBitIdentical(x.model(), y.model());
            assertBitIdentical(x.ema(), y.ema());
        }
    }

    private static void assertBitIdentical(NDList a, NDList b) {
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            NDArray x = a.get(i);
            NDArray y = b.get(i);
            assertThat(y.getName()).isEqualTo(x.getName());
            assertThat(y.toByteArray()).as("tensor %s", x.getName()).isEqualTo(x.toByteArray());
        }
    }
}
