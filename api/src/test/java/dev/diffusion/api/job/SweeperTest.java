package dev.diffusion.api.job;

import static dev.diffusion.api.testing.Api.awaitStatus;
import static dev.diffusion.api.testing.Api.getJob;
import static dev.diffusion.api.testing.Api.history;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.diffusion.api.testing.Api;
import dev.diffusion.api.testing.KafkaTestClient;
import dev.diffusion.api.testing.Scenarios;
import dev.diffusion.api.testing.TestClock;
import dev.diffusion.api.testing.TestWorker;
import dev.diffusion.common.messaging.CheckpointRef;
import dev.diffusion.common.messaging.JobControl;
import dev.diffusion.common.messaging.JobDispatch;
import io.minio.MinioClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Heartbeat timeouts and retryable failures, with the api's clock moved by the test (timeout 30 s, back-off 20 s). */
@QuarkusTest
class SweeperTest {

    private static final Duration PAST_TIMEOUT = Duration.ofSeconds(31);

    @Inject
    MinioClient s3;

    @Inject
    TestClock clock;

    @Test
    void a_silent_running_job_is_requeued_as_attempt_2_resuming_from_its_last_checkpoint() {
        UUID id = Api.submitTraining();
        TestWorker.Run first = Scenarios.running(id, 1, new TestWorker("worker-dies", s3));
        first.progress(6, 20, 0.6);
        CheckpointRef checkpoint = first.checkpoint(10, 20);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> history(id).contains("CHECKPOINT:APPLIED"));

        clock.advance(PAST_TIMEOUT);

        JobDispatch second = KafkaTestClient.get().awaitDispatch(id, 2);
        assertThat(second.training().resumeFrom()).isEqualTo(checkpoint);
        getJob(id).body("status", equalTo("QUEUED")).body("attempt", equalTo(2));
        JobControl stop = KafkaTestClient.get().awaitControl(id, 1);
        assertThat(stop.reason()).isEqualTo("superseded by attempt 2");

        first.progress(12, 20, 0.5);
        TestWorker.Run resumed = Scenarios.running(id, 2, new TestWorker("worker-b", s3));
        resumed.succeedTraining("w".getBytes(), List.of(), Map.of());
        awaitStatus(id, "SUCCEEDED");
        assertThat(history(id)).contains("REQUEUED:APPLIED", "PROGRESS:IGNORED_STALE_ATTEMPT");
    }

    @Test
    void heartbeats_keep_a_running_job_alive() {
        UUID id = Api.submitTraining();
        TestWorker.Run run = Scenarios.running(id, 1, new TestWorker("worker-alive", s3));

        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(20));
            run.heartbeat();
            int sent = i;
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> history(id).stream().filter("HEARTBEAT:APPLIED"::equals).count() == sent + 1);
        }

        Awaitility.await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3))
                .until(() -> "RUNNING".equals(Api.status(id)));
        getJob(id).body("attempt", equalTo(1));
    }

    @Test
    void a_job_whose_worker_goes_silent_on_every_attempt_fails_after_the_last_one() {
        UUID id = Api.submitTraining();
        for (int attempt = 1; attempt <= 3; attempt++) {
            Scenarios.running(id, attempt, new TestWorker("worker-flaky-" + attempt, s3));
            clock.advance(PAST_TIMEOUT);
            if (attempt < 3) {
                KafkaTestClient.get().awaitDispatch(id, attempt + 1);
            }
        }

        awaitStatus(id, "FAILED");
        getJob(id).body("attempt", equalTo(3))
                .body("error.code", equalTo("HEARTBEAT_TIMEOUT"))
                .body("error.message", containsString("attempt 3 of 3; no attempts left"));
    }

    @Test
    void a_silent_job_with_a_pending_cancel_is_cancelled_instead_of_requeued() {
        UUID id = Api.submitTraining();
        Scenarios.running(id, 1, new TestWorker("worker-gone", s3));
        RestAssured.given().when().post("/api/v1/jobs/" + id + "/cancel").then().statusCode(202);

        clock.advance(PAST_TIMEOUT);

        awaitStatus(id, "CANCELLED");
        assertThat(KafkaTestClient.get().dispatches(id)).hasSize(1);
    }

    @Test
    void a_retryable_failure_is_retried_after_an_exponential_back_off_then_fails_when_attempts_run_out() {
        UUID id = Api.submitTraining();
        TestWorker.Run first = Scenarios.running(id, 1, new TestWorker("worker-retry", s3));

        first.fail("STORAGE_ERROR", "upload timed out", true);
        awaitStatus(id, "QUEUED");
        getJob(id).body("attempt", equalTo(2)).body("retryAt", notNullValue())
                .body("error.code", equalTo("STORAGE_ERROR"));
        Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> KafkaTestClient.get().dispatches(id).size() == 1);
        clock.advance(Duration.ofSeconds(21));
        KafkaTestClient.get().awaitDispatch(id, 2);

        TestWorker.Run second = Scenarios.running(id, 2, new TestWorker("worker-retry", s3));
        getJob(id).body("error", nullValue()).body("retryAt", nullValue());
        second.fail("STORAGE_ERROR", "upload timed out again", true);
        awaitStatus(id, "QUEUED");
        clock.advance(Duration.ofSeconds(21));
        Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> KafkaTestClient.get().dispatches(id).size() == 2);
        clock.advance(Duration.ofSeconds(20));
        KafkaTestClient.get().awaitDispatch(id, 3);

        Scenarios.running(id, 3, new TestWorker("worker-retry", s3)).fail("STORAGE_ERROR", "still down", true);
        awaitStatus(id, "FAILED");
        getJob(id).body("error.message", equalTo("still down (gave up after 3 attempts)"));
    }
}
