package dev.diffusion.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.diffusion.common.messaging.EventKind;
import dev.diffusion.common.messaging.JobEvent;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A worker killed mid-training: the job finishes on another worker as attempt 2, resumed from its checkpoint. */
class WorkerCrashIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(4);

    private Platform platform;
    private ApiClient api;
    private EventTap events;

    @BeforeEach
    void platform() {
        platform = Platform.get();
        platform.awaitWorkerGroup(platform.workerIds().size());
        api = platform.api();
        events = new EventTap(platform.infrastructure().kafka().bootstrapServers());
    }

    @AfterEach
    void restoreWorkers() throws InterruptedException {
        if (events == null) {
            return;
        }
        events.close();
        api.cancelUnfinished();
        while (platform.workerIds().size() < Platform.WORKERS) {
            platform.addWorker();
        }
    }

    @Test
    void aJobWhoseWorkerWasKilledCompletesOnAnotherWorkerWithAttempt2ContinuingFromItsCheckpoint() {
        UUID job = api.submitTraining(Specs.shapesTraining(40, 5, 0));
        JobEvent checkpoint = events.await(job, TIMEOUT, e -> e.kind() == EventKind.CHECKPOINT);
        String crashed = checkpoint.workerId();

        platform.kill(crashed);

        JsonNode done = api.awaitStatus(job, "SUCCEEDED", TIMEOUT);
        assertThat(done.get("attempt").asInt()).isEqualTo(2);
        assertThat(done.get("progress").get("step").asInt()).isEqualTo(40);
        JobEvent resumed = events.await(job, Duration.ofSeconds(10), e -> e.attempt() == 2
                && e.kind() == EventKind.PROGRESS && "training".equals(e.progress().phase()));
        assertThat(resumed.workerId()).isNotEqualTo(crashed);
        assertThat(resumed.progress().step()).as("attempt 2 continued after checkpoint step %d, not from 0",
                checkpoint.checkpoint().step()).isGreaterThan(checkpoint.checkpoint().step());
        assertThat(events.events(job)).filteredOn(e -> e.attempt() == 2 && e.kind() == EventKind.PROGRESS)
                .allSatisfy(e -> assertThat(e.progress().step()).isGreaterThanOrEqualTo(checkpoint.checkpoint().step()));
    }
}
