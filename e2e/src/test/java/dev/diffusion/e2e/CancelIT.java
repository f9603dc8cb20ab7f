package dev.diffusion.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cancelling a job that waits for a worker and jobs that run. */
class CancelIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private Platform platform;
    private ApiClient api;

    @BeforeEach
    void platform() {
        platform = Platform.get();
        platform.awaitWorkerGroup(platform.workerIds().size());
        api = platform.api();
    }

    @Test
    void aQueuedJobIsCancelledAtOnceAndRunningJobsStopAfterTheirCurrentStep() {
        int workers = platform.workerIds().size();
        List<UUID> jobs = new ArrayList<>();
        for (int i = 0; i <= workers; i++) {
            jobs.add(api.submitTraining(Specs.endlessTraining()));
        }
        await().atMost(TIMEOUT).until(() -> running(jobs).size() == workers);
        List<UUID> running = running(jobs);
        UUID queued = jobs.stream().filter(id -> !running.contains(id)).findFirst().orElseThrow();
        assertThat(api.job(queued).get("status").asText()).as("every worker is busy").isEqualTo("QUEUED");

        JsonNode cancelledAtOnce = api.post("/api/v1/jobs/" + queued + "/cancel", "", 200);

        assertThat(cancelledAtOnce.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(isAbsent(cancelledAtOnce.get("startedAt"))).as("never started").isTrue();

        for (UUID id : running) {
            assertThat(api.post("/api/v1/jobs/" + id + "/cancel", "", 202).get("status").asText()).isEqualTo("RUNNING");
        }
        for (UUID id : running) {
            JsonNode stopped = api.awaitStatus(id, "CANCELLED", TIMEOUT);
            assertThat(stopped.get("progress").get("step").asInt()).as("it trained before it stopped").isPositive();
            assertThat(stopped.get("finishedAt").isNull()).isFalse();
        }
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode job = api.job(queued);
            return job.get("status").asText().equals("CANCELLED") && isAbsent(job.get("startedAt"));
        });
        assertThat(api.post("/api/v1/jobs/" + queued + "/cancel", "", 409)).isNotNull();
    }

    private static boolean isAbsent(JsonNode value) {
        return value == null || value.isNull();
    }

    private List<UUID> running(List<UUID> jobs) {
        return jobs.stream().filter(id -> api.job(id).get("status").asText().equals("RUNNING")).toList();
    }
}
