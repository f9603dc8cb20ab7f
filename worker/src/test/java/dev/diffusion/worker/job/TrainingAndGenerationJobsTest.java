package dev.diffusion.worker.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffusion.common.messaging.Artifact;
import dev.diffusion.common.messaging.EventKind;
import dev.diffusion.common.messaging.JobEvent;
import dev.diffusion.common.messaging.ModelRef;
import dev.diffusion.common.spec.GenerationSpec;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.engine.render.GridLayout;
import dev.diffusion.worker.storage.StoredObject;
import dev.diffusion.engine.testing.Images;
import dev.diffusion.worker.testing.TestJobs;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A training dispatch and a generation dispatch with its model, through real Kafka and S3. */
@QuarkusTest
class TrainingAndGenerationJobsTest extends JobServiceTestBase {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
    private static final TrainingSpec SPEC = TestJobs.tinyShapes(6, 3, 6);

    /** The model trained by the first test that needs one, shared by the others. */
    private static ModelRef trainedModel;

    @Test
    void trainingReportsProgressAndCheckpointsThenSucceedsWithTheModelAndPreviewsInStorage() {
        UUID job = UUID.randomUUID();

        topics.dispatch(TestJobs.training(job, 1, SPEC, null));

        JobEvent end = topics.awaitEnd(job, 1, JOB_TIMEOUT);
        assertThat(end.kind()).as("final event %s", end).isEqualTo(EventKind.SUCCEEDED);
        List<JobEvent> events = topics.events(job);
        assertThat(events.get(0).kind()).isEqualTo(EventKind.STARTED);
        assertThat(events.get(0).sequence()).isZero();
        assertThat(events).extracting(JobEvent::sequence).isSorted().doesNotHaveDuplicates();
        assertThat(events).extracting(JobEvent::workerId).containsOnly(service.workerId());
        assertThat(events).filteredOn(e -> e.kind() == EventKind.PROGRESS).isNotEmpty()
                .allSatisfy(e -> assertThat(e.progress().totalSteps()).isEqualTo(6));
        List<JobEvent> checkpoints = events.stream().filter(e -> e.kind() == EventKind.CHECKPOINT).toList();
        assertThat(checkpoints).extracting(e -> e.checkpoint().step()).containsExactly(3, 6);
        for (JobEvent checkpoint : checkpoints) {
            assertThat(checkpoint.checkpoint().key()).isEqualTo(ObjectKeys.checkpoint(job, checkpoint.checkpoint().step()));
            assertThat(store.exists(checkpoint.checkpoint().bucket(), checkpoint.checkpoint().key())).isTrue();
        }
        assertThat(end.model().bucket()).isEqualTo(TestJobs.modelOf(job).bucket());
        assertThat(end.model().key()).isEqualTo(TestJobs.modelOf(job).key());
        assertMatchesStorage(end.model());
        assertThat(end.artifacts()).extracting(Artifact::name).containsExactlyInAnyOrder(ObjectKeys.previewName(6),
                "forward-diffusion.png", "metrics.csv", ObjectKeys.MODEL_WEIGHTS, ObjectKeys.MODEL_SPEC);
        UUID modelId = TestJobs.modelOf(job).modelId();
        assertThat(end.artifacts()).filteredOn(a -> a.name().startsWith("model"))
                .extracting(Artifact::bucket, Artifact::key)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(ObjectKeys.MODELS_BUCKET,
                                ObjectKeys.modelFile(modelId, ObjectKeys.MODEL_WEIGHTS)),
                        org.assertj.core.groups.Tuple.tuple(ObjectKeys.MODELS_BUCKET,
                                ObjectKeys.modelFile(modelId, ObjectKeys.MODEL_SPEC)));
        end.artifacts().forEach(this::assertMatchesStorage);
        assertThat(end.metrics()).containsKey("loss").containsEntry("steps", 6.0);
        trainedModel = TestJobs.modelOf(job);
    }

    @Test
    void generationWithATrainedModelUploadsTheGridAndTheDenoisingGif() throws Exception {
        ModelRef model = trainedModel();
        UUID job = UUID.randomUUID();
        GenerationSpec spec = TestJobs.generationSpec("""
                {"modelId":"%s","sampler":"ddim","steps":10,"numImages":8,"labels":[0,1,2,3,0,1,2,3],
                 "gridColumns":4,"seed":3,"gif":{"frameEvery":2,"framesPerSecond":10}}""".formatted(model.modelId()),
                SPEC.schedule().timesteps());

        topics.dispatch(TestJobs.generation(job, model, spec));

        JobEvent end = topics.awaitEnd(job, 1, JOB_TIMEOUT);
        assertThat(end.kind()).as("final event %s", end).isEqualTo(EventKind.SUCCEEDED);
        assertThat(end.model()).isNull();
        assertThat(end.artifacts()).extracting(Artifact::name, Artifact::contentType, Artifact::key)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ObjectKeys.GRID, "image/png", ObjectKeys.grid(job)),
                        org.assertj.core.groups.Tuple.tuple(ObjectKeys.DENOISE_GIF, "image/gif", ObjectKeys.denoiseGif(job)));
        end.artifacts().forEach(this::assertMatchesStorage);
        int padding = GridLayout.ofColumns(4).padding();
        BufferedImage grid = Images.png(folder.resolve(ObjectKeys.GRID));
        assertThat(grid.getWidth()).isEqualTo(Images.gridSide(4, 16, padding));
        assertThat(grid.getHeight()).isEqualTo(Images.gridSide(2, 16, padding));
        assertThat(Images.gifFrames(folder.resolve(ObjectKeys.DENOISE_GIF))).as("initial noise + every 2nd of 10 steps")
                .isEqualTo(6);
        assertThat(topics.events(job)).filteredOn(e -> e.kind() == EventKind.PROGRESS).isNotEmpty()
                .extracting(e -> e.progress().phase()).isSubsetOf("loading-model", "sampling", "uploading");
    }

    @Test
    void aGuidedGenerationOfMoreImagesThanTheBatchRunsInChunksAndKeepsEveryImage() throws Exception {
        ModelRef model = trainedModel();
        UUID job = UUID.randomUUID();
        // the tests' worker samples 4 images at once, so 2 with guidance: 10 images are 5 chunks
        GenerationSpec spec = TestJobs.generationSpec("""
                {"modelId":"%s","sampler":"ddim","steps":10,"numImages":10,"labels":[0,1,2,3,0,1,2,3,0,1],
                 "guidanceScale":2.0,"gridColumns":5,"seed":4,"gif":{"frameEvery":5}}""".formatted(model.modelId()),
                SPEC.schedule().timesteps());

        topics.dispatch(TestJobs.generation(job, model, spec));

        JobEvent end = topics.awaitEnd(job, 1, JOB_TIMEOUT);
        assertThat(end.kind()).as("final event %s", end).isEqualTo(EventKind.SUCCEEDED);
        assertThat(end.metrics()).containsEntry("chunks", 5.0).containsEntry("samplerSteps", 50.0)
                .containsEntry("gifFrames", 3.0);
        end.artifacts().forEach(this::assertMatchesStorage);
        int padding = GridLayout.ofColumns(5).padding();
        BufferedImage grid = Images.png(folder.resolve(ObjectKeys.GRID));
        assertThat(grid.getWidth()).isEqualTo(Images.gridSide(5, 16, padding));
        assertThat(grid.getHeight()).isEqualTo(Images.gridSide(2, 16, padding));
        assertThat(Images.gifFrames(folder.resolve(ObjectKeys.DENOISE_GIF))).as("noise, step 5, step 10").isEqualTo(3);
        assertThat(topics.events(job)).filteredOn(e -> e.kind() == EventKind.PROGRESS
                        && "sampling".equals(e.progress().phase()))
                .extracting(e -> e.progress().totalSteps()).allMatch(total -> total == 50);
    }

    private ModelRef trainedModel() {
        if (trainedModel == null) {
            trainingReportsProgressAndCheckpointsThenSucceedsWithTheModelAndPreviewsInStorage();
        }
        return trainedModel;
    }

    private void assertMatchesStorage(Artifact artifact) {
        StoredObject downloaded = store.download(artifact.bucket(), artifact.key(), folder.resolve(artifact.name()));
        assertThat(downloaded.sha256()).as(artifact.name()).isEqualTo(artifact.sha256());
        assertThat(downloaded.sizeBytes()).as(artifact.name()).isEqualTo(artifact.sizeBytes());
        assertThat(downloaded.contentType()).as(artifact.name()).isEqualTo(artifact.contentType());
    }
}
