package dev.diffusion.api.job;

import static dev.diffusion.api.testing.Api.awaitStatus;
import static dev.diffusion.api.testing.Api.getJob;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.diffusion.api.testing.Api;
import dev.diffusion.api.testing.KafkaTestClient;
import dev.diffusion.api.testing.Scenarios;
import dev.diffusion.api.testing.TestWorker;
import dev.diffusion.common.messaging.ControlCommand;
import dev.diffusion.common.messaging.JobControl;
import dev.diffusion.common.storage.ObjectKeys;
import io.minio.MinioClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CancelTest {

    @Inject
    MinioClient s3;

    private static ValidatableResponse cancel(UUID id) {
        return given().when().post("/api/v1/jobs/" + id + "/cancel").then();
    }

    @Test
    void a_queued_job_is_cancelled_at_once_and_a_worker_holding_its_dispatch_is_told_to_skip_it() {
        UUID id = Api.submitTraining();
        KafkaTestClient.get().awaitDispatch(id, 1);

        cancel(id).statusCode(200).body("status", equalTo("CANCELLED")).body("finishedAt", notNullValue());

        JobControl control = KafkaTestClient.get().awaitControl(id, 1);
        assertThat(control.command()).isEqualTo(ControlCommand.CANCEL);
        assertThat(control.reason()).isEqualTo("job cancelled");
    }

    @Test
    void a_finished_job_cannot_be_cancelled() {
        UUID id = Api.submitTraining();
        cancel(id).statusCode(200);

        cancel(id).statusCode(409).contentType(Api.PROBLEM_JSON)
                .body("type", equalTo("urn:diffusion:problem:conflict"))
                .body("detail", equalTo("job " + id + " is already CANCELLED and cannot be cancelled"));
    }

    @Test
    void a_running_job_is_asked_to_stop_and_is_cancelled_when_the_worker_confirms_keeping_its_partial_grid() {
        UUID id = Api.submitTraining();
        TestWorker.Run run = Scenarios.running(id, 1, new TestWorker("worker-cancel", s3));
        run.progress(3, 20, 0.7);

        cancel(id).statusCode(202).body("status", equalTo("RUNNING")).body("cancelRequestedAt", notNullValue());
        cancel(id).statusCode(202);

        JobControl control = KafkaTestClient.get().awaitControl(id, 1);
        assertThat(control.reason()).isEqualTo("user request");
        assertThat(control.appliesTo(id, 1)).isTrue();
        run.cancelled(List.of(run.artifact(ObjectKeys.GRID, "partial".getBytes(), "image/png")));
        awaitStatus(id, "CANCELLED");
        getJob(id).body("artifacts[0].name", equalTo("grid.png")).body("finishedAt", notNullValue());
        assertThat(KafkaTestClient.get().controls(id)).hasSize(1);
    }

    @Test
    void a_worker_that_starts_a_cancelled_job_is_told_again_to_stop() {
        UUID id = Api.submitTraining();
        var dispatch = KafkaTestClient.get().awaitDispatch(id, 1);
        cancel(id).statusCode(200);
        KafkaTestClient.get().awaitControl(id, 1);

        new TestWorker("worker-late", s3).start(dispatch);

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> KafkaTestClient.get().controls(id).size() == 2);
        assertThat(Api.status(id)).isEqualTo("CANCELLED");
    }
}
