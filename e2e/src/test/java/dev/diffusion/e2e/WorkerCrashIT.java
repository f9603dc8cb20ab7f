package dev.diffusion.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.diffusion.common.messaging.EventKind;
import dev.diffusion.common.messaging.JobEvent;
import dev.diffusion.common.storage.ObjectKeys;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A worker killed mid-training: the job finishes on another worker as attempt 2, resumed from its checkpoint. */
class WorkerCrashIT extends PlatformTestBase {

    private static final Duration TIMEOUT = Duration.ofMinutes(4);

    private EventTap events;

    @BeforeEach
    void tapEvents() {
        events = new EventTap(platform.infrastructure().kafka().bootstrapServers());
    }

    /** Runs before the shared clean-up, which cancels what is left and replaces the killed worker. */
    @AfterEach
    void closeEvents() {
        if (events != null) {
            events.close();
        }
    }

    @Test
    void aJobWhoseWorkerWasKilledCompletesOnAnotherWorkerWithAttempt2ContinuingFromItsCheckpoint() {
        UUID job = api.submitTraining(Specs.shapesTraining(40, 5, 0));
        JobEvent checkpoint = events.await(job, TIMEOUT, e -> e.kind() == EventKind.CHECKPOINT);
        String crashed = checkpoint.workerId();
        assertThat(checkpoint.checkpoint().bucket()).as("the worker's default models bucket")
                .isEqualTo(ObjectKeys.MODELS_BUCKET);

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
