package dev.diffusion.worker.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffusion.common.messaging.Artifact;
import dev.diffusion.common.messaging.EventKind;
import dev.diffusion.common.messaging.JobEvent;
import dev.diffusion.common.messaging.ModelRef;
import dev.diffusion.common.spec.GenerationSpec;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.worker.storage.ObjectStore;
import dev.diffusion.worker.storage.StoredObject;
import dev.diffusion.worker.testing.JobTopics;
import dev.diffusion.worker.testing.TestJobs;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training and generation dispatches run end to end through real Kafka and S3. */
@QuarkusTest
class TrainingAndGenerationJobsTest {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);

    @Inject
    JobService service;

    @Inject
    ObjectStore store;

    @TempDir
    Path folder;

    private JobTopics topics;

    @BeforeEach
    void start() {
        service.start();
        topics = new JobTopics();
    }

    @AfterEach
    void closeTopics() {
        topics.close();
    }

    @Test
    void aTrainingDispatchReportsProgressAndCheckpointsAndSucceedsWithUploadedModelAndPreviews() throws Exception {
        UUID job = UUID.randomUUID();
        TrainingSpec spec = TestJobs.tinyShapes(6, 3, 6);

        topics.dispatch(TestJobs.training(job, 1, spec, null));

        JobEvent end = topics.awaitEnd(job, 1, JOB_TIMEOUT);
        assertThat(end.kind()).as("final event %s", end).isEqualTo(EventKind.SUCCEEDED);
        List<JobEvent> events = topics.events(job);
        assertThat(events.get(0).kind()).isEqualTo(EventKind.STARTED);
        assertThat(events).extracting(JobEvent::sequence).isSorted().doesNotHaveDuplicates();
        assertThat(events).extracting(JobEvent::workerId).containsOnly(service.workerId());
        assertThat(events).filteredOn(e -> e.kind() == EventKind.PROGRESS).isNotEmpty()
                .allSatisfy(e -> assertThat(e.progress().totalSteps()).isIn(0, 6));
        assertThat(events).filteredOn(e -> e.kind() == EventKind.CHECKPOINT)
                .extracting(e -> e.checkpoint().step()).containsExactly(3, 6);
        for (JobEvent checkpoint : events.stream().filter(e -> e.kind() == EventKind.CHECKPOINT).toList()) {
            assertThat(store.exists(checkpoint.checkpoint().bucket(), checkpoint.checkpoint().key())).isTrue();
            assertThat(checkpoint.checkpoint().key()).isEqualTo(ObjectKeys.checkpoint(job, checkpoint.checkpoint().step()));
        }
        ModelRef target = TestJobs.modelOf(job);
        assertThat(end.model().key()).isEqualTo(target.key());
        assertThat(end.model().bucket()).isEqualTo(target.bucket());
        assertMatchesStorage(end.model());
        assertThat(end.artifacts()).extracting(Artifact::name).contains(ObjectKeys.previewName(6), "metrics.csv");
        for (Artifact artifact : end.artifacts()) {
            assertMatchesStorage(artifact);
        }
        assertThat(end.metrics()).containsKey("loss");
    }

    private void assertMatchesStorage(Artifact artifact) {
        StoredObject downloaded = store.download(artifact.bucket(), artifact.key(), folder.resolve(artifact.name()));
        assertThat(downloaded.sha256()).as(artifact.name()).isEqualTo(artifact.sha256());
        assertThat(downloaded.sizeBytes()).as(artifact.name()).isEqualTo(artifact.sizeBytes());
        assertThat(downloaded.contentType()).as(artifact.name()).isEqualTo(artifact.contentType());
    }
}
