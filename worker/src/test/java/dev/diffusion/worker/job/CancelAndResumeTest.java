package dev.diffusion.worker.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffusion.common.messaging.Artifact;
import dev.diffusion.common.messaging.CheckpointRef;
import dev.diffusion.common.messaging.EventKind;
import dev.diffusion.common.messaging.JobEvent;
import dev.diffusion.common.messaging.ModelRef;
import dev.diffusion.common.spec.GenerationSpec;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.engine.testing.Images;
import dev.diffusion.worker.testing.TestJobs;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** CANCEL on the control topic stops a running job within a step; what it made is kept and reported. */
@QuarkusTest
class CancelAndResumeTest extends JobServiceTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** Far more steps than the test waits for: only a cancel ends it. */
    private static final TrainingSpec LONG = TestJobs.tinyShapes(100_000, 2, 0);

    @Test
    void aCancelledTrainingKeepsItsLastCheckpointAndTheNextAttemptContinuesFromIt() {
        UUID job = UUID.randomUUID();
        topics.dispatch(TestJobs.training(job, 1, LONG, null));
        topics.awaitEvent(job, TIMEOUT, e -> e.kind() == EventKind.CHECKPOINT);
        // long enough for the throttled PROGRESS stream to show its spacing (a checkpoint can come within 0.5 s)
        Awaitility.await().atMost(TIMEOUT).until(() -> topics.events(job).stream()
                .filter(e -> e.kind() == EventKind.PROGRESS).count() >= 3);

        topics.control(TestJobs.cancel(job, 1));

        JobEvent cancelled = topics.awaitEnd(job, 1, TIMEOUT);
        assertThat(cancelled.kind()).as("final event %s", cancelled).isEqualTo(EventKind.CANCELLED);
        CheckpointRef kept = cancelled.checkpoint();
        assertThat(kept).isNotNull();
        assertThat(kept.step()).isPositive();
        assertThat(store.exists(kept.bucket(), kept.key())).isTrue();
        assertThat(cancelled.progress().step()).isEqualTo(kept.step());
        assertThat(service.runningAttempts()).doesNotContainKey(job);
        assertProgressAtMostTwicePerSecondAndNoLongSilence(topics.events(job));

        topics.dispatch(TestJobs.training(job, 2, LONG, kept));

        JobEvent firstTraining = topics.awaitEvent(job, TIMEOUT, e -> e.attempt() == 2
                && e.kind() == EventKind.PROGRESS && "training".equals(e.progress().phase()));
        assertThat(firstTraining.progress().step()).as("attempt 2 continues after step %d", kept.step())
                .isGreaterThan(kept.step());
        assertThat(topics.events(job)).filteredOn(e -> e.attempt() == 2 && e.kind() == EventKind.PROGRESS)
                .allSatisfy(e -> assertThat(e.progress().step()).isGreaterThanOrEqualTo(kept.step()));
        topics.control(TestJobs.cancel(job, 2));
        assertThat(topics.awaitEnd(job, 2, TIMEOUT).kind()).isEqualTo(EventKind.CANCELLED);
    }

    @Test
    void stoppingTheWorkerAbandonsItsJobUncommittedAndTheRedeliveredDispatchContinuesFromTheSavedStep() {
        UUID job = UUID.randomUUID();
        TrainingSpec rareCheckpoints = TestJobs.tinyShapes(100_000, 50_000, 0);
        topics.dispatch(TestJobs.training(job, 1, rareCheckpoints, null));
        topics.awaitEvent(job, TIMEOUT, e -> e.kind() == EventKind.PROGRESS && e.progress().step() >= 3);

        service.stop();

        JobEvent saved = topics.awaitKind(job, EventKind.CHECKPOINT, TIMEOUT);
        assertThat(saved.checkpoint().step()).isGreaterThanOrEqualTo(3);
        assertThat(topics.events(job)).noneMatch(e -> e.kind().endsAttempt());

        service.start();

        String secondRun = service.workerId() + "/run-2";
        JobEvent resumed = topics.awaitEvent(job, TIMEOUT, e -> secondRun.equals(e.workerId())
                && e.kind() == EventKind.PROGRESS && "training".equals(e.progress().phase()));
        assertThat(resumed.attempt()).isEqualTo(1);
        assertThat(resumed.progress().step()).isGreaterThan(saved.checkpoint().step());
        assertThat(topics.events(job)).filteredOn(e -> secondRun.equals(e.workerId())).first()
                .satisfies(e -> assertThat(e.kind()).isEqualTo(EventKind.STARTED));
        topics.control(TestJobs.cancel(job, 1));
        JobEvent end = topics.awaitEnd(job, 1, TIMEOUT);
        assertThat(end.kind()).isEqualTo(EventKind.CANCELLED);
        assertThat(end.workerId()).isEqualTo(secondRun);
    }

    @Test
    void aCancelledGenerationUploadsThePartlyDenoisedGridAndGif() throws Exception {
        ModelRef model = trainModelWithThousandSteps();
        UUID job = UUID.randomUUID();
        GenerationSpec spec = TestJobs.generationSpec("""
                {"modelId":"%s","sampler":"ddpm","numImages":64,"gridColumns":8,"seed":1,
                 "gif":{"frameEvery":100}}""".formatted(model.modelId()), 1000);
        topics.dispatch(TestJobs.generation(job, model, spec));
        topics.awaitEvent(job, TIMEOUT, e -> e.kind() == EventKind.PROGRESS && "sampling".equals(e.progress().phase()));

        topics.control(TestJobs.cancel(job, 1));

        JobEvent cancelled = topics.awaitEnd(job, 1, TIMEOUT);
        assertThat(cancelled.kind()).as("final event %s", cancelled).isEqualTo(EventKind.CANCELLED);
        assertThat(cancelled.progress().step()).isBetween(1, 999);
        assertThat(cancelled.artifacts()).extracting(Artifact::name).containsExactly(ObjectKeys.GRID, ObjectKeys.DENOISE_GIF);
        Artifact grid = cancelled.artifacts().get(0);
        Path file = folder.resolve(grid.name());
        assertThat(store.download(grid.bucket(), grid.key(), file).sha256()).isEqualTo(grid.sha256());
        assertThat(Images.png(file).getWidth()).isEqualTo(Images.gridSide(8, 16, 2));
    }

    /**
     * PROGRESS events are at least 500 ms apart; something (HEARTBEAT, or the newest throttled PROGRESS in its
     * place) goes out at least every heartbeat interval, 1 s in tests, from its own thread.
     */
    private static void assertProgressAtMostTwicePerSecondAndNoLongSilence(List<JobEvent> events) {
        List<Instant> progress = events.stream().filter(e -> e.kind() == EventKind.PROGRESS)
                .map(JobEvent::occurredAt).toList();
        assertThat(progress).hasSizeGreaterThan(1);
        for (int i = 1; i < progress.size(); i++) {
            assertThat(Duration.between(progress.get(i - 1), progress.get(i))).as("gap before PROGRESS %d", i)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(500));
        }
        for (int i = 1; i < events.size(); i++) {
            assertThat(Duration.between(events.get(i - 1).occurredAt(), events.get(i).occurredAt()))
                    .as("silence before %s", events.get(i).kind()).isLessThan(Duration.ofSeconds(3));
        }
    }

    private static final TrainingSpec THOUSAND_STEPS = TestJobs.trainingSpec("""
            {"dataset":"shapes","model":{"architecture":"context-unet","baseChannels":8,"numClasses":4},
             "schedule":{"timesteps":1000},"batchSize":4,"steps":1,"checkpointEvery":1,"previewEvery":0,"seed":5}""");

    /** A model with T = 1000, so that DDPM sampling takes 1000 steps: long enough to cancel it midway. */
    private ModelRef trainModelWithThousandSteps() {
        UUID job = UUID.randomUUID();
        topics.dispatch(TestJobs.training(job, 1, THOUSAND_STEPS, null));
        JobEvent end = topics.awaitEnd(job, 1, TIMEOUT);
        assertThat(end.kind()).as("final event %s", end).isEqualTo(EventKind.SUCCEEDED);
        return TestJobs.modelOf(job);
    }
}
