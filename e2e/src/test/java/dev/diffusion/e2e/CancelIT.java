package dev.diffusion.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Cancelling a job that waits for a worker and jobs that run. */
class CancelIT extends PlatformTestBase {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @Test
    void queuedJobsAreCancelledAtOnceAndRunningJobsStopAfterTheirCurrentStep() {
        int workers = platform.workerIds().size();
        List<Set<Integer>> partitionsPerWorker = platform.jobPartitionsPerWorker();
        int partitions = partitionsPerWorker.stream().mapToInt(Set::size).sum();
        List<UUID> jobs = new ArrayList<>();
        Map<Set<Integer>, UUID> firstJobPerWorker = new HashMap<>();
        // a job waits when its partition belongs to a busy worker, so submit until every worker has one
        while (firstJobPerWorker.size() < workers) {
            assertThat(jobs).as("jobs submitted before every worker got one").hasSizeLessThan(60);
            UUID id = api.submitTraining(Specs.endlessTraining());
            jobs.add(id);
            int partition = Platform.jobPartition(id, partitions);
            partitionsPerWorker.stream().filter(owned -> owned.contains(partition)).findFirst()
                    .ifPresent(owner -> firstJobPerWorker.putIfAbsent(owner, id));
        }
        if (jobs.size() == workers) {
            jobs.add(api.submitTraining(Specs.endlessTraining()));
        }
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> running(jobs).size() == workers);
        List<UUID> running = running(jobs);
        List<UUID> queued = jobs.stream().filter(id -> !running.contains(id)).toList();
        assertThat(queued).isNotEmpty().allSatisfy(id -> assertThat(status(id)).as("every worker is busy").isEqualTo("QUEUED"));

        for (UUID id : queued) {
            JsonNode cancelledAtOnce = api.post("/api/v1/jobs/" + id + "/cancel", "", 200);
            assertThat(cancelledAtOnce.get("status").asText()).isEqualTo("CANCELLED");
            assertThat(isAbsent(cancelledAtOnce.get("startedAt"))).as("never started").isTrue();
        }
        await().atMost(TIMEOUT).until(() -> running.stream()
                .allMatch(id -> api.job(id).get("progress").get("step").asInt() > 0));
        for (UUID id : running) {
            assertThat(api.post("/api/v1/jobs/" + id + "/cancel", "", 202).get("status").asText()).isEqualTo("RUNNING");
        }
        for (UUID id : running) {
            JsonNode stopped = api.awaitStatus(id, "CANCELLED", TIMEOUT);
            assertThat(stopped.get("progress").get("step").asInt()).as("it trained before it stopped").isPositive();
            assertThat(isAbsent(stopped.get("finishedAt"))).isFalse();
        }
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> queued.stream()
                .allMatch(id -> status(id).equals("CANCELLED") && isAbsent(api.job(id).get("startedAt"))));
        api.post("/api/v1/jobs/" + queued.get(0) + "/cancel", "", 409);
    }

    private String status(UUID id) {
        return api.job(id).get("status").asText();
    }

    private static boolean isAbsent(JsonNode value) {
        return value == null || value.isNull();
    }

    private List<UUID> running(List<UUID> jobs) {
        return jobs.stream().filter(id -> status(id).equals("RUNNING")).toList();
    }
}
