package dev.diffusion.api.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.diffusion.api.job.messaging.KafkaTopics;
import dev.diffusion.api.testing.Api;
import dev.diffusion.common.messaging.Topics;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Health, metrics and the API description. */
@QuarkusTest
class OperationsTest {

    @Test
    void readiness_checks_the_database_kafka_and_object_storage() {
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> given().when().get("/q/health/ready").then().extract().statusCode() == 200);
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Kafka", "Object storage", "Database connections health check"));
    }

    @Test
    void prometheus_metrics_include_jobs_by_status_outbox_and_queue_lag_and_event_timings() {
        Api.submitTraining();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> given().when().get("/q/metrics").then()
                .extract().asString().contains("diffusion_jobs{status=\"QUEUED\"}"));

        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("diffusion_jobs{status=\"RUNNING\"}"))
                .body(containsString("diffusion_outbox_pending"))
                .body(containsString("diffusion_outbox_oldest_age_seconds"))
                .body(containsString("diffusion_queue_oldest_age_seconds"))
                .body(containsString("diffusion_outbox_published_total"))
                .body(containsString("kafka_producer"));
    }

    @Inject
    KafkaTopics topics;

    @Test
    void topics_are_created_with_the_configured_partitions_and_existing_ones_are_tolerated() throws Exception {
        assertThat(topics.definitions()).extracting(NewTopic::name, NewTopic::numPartitions).containsExactly(
                tuple(Topics.JOBS, 3), tuple(Topics.JOB_EVENTS, 3), tuple(Topics.JOB_CONTROL, 1),
                tuple(Topics.DEAD_LETTERS, 1));
        assertThat(topics.isReady()).isTrue();

        topics.ensureExist();
    }

    @Test
    void the_openapi_document_and_swagger_ui_are_served() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.keySet()", hasItems("/api/v1/training-jobs", "/api/v1/generation-jobs",
                        "/api/v1/evaluation-jobs", "/api/v1/jobs", "/api/v1/jobs/{id}", "/api/v1/jobs/{id}/cancel",
                        "/api/v1/jobs/{id}/events", "/api/v1/models", "/api/v1/models/{id}"))
                .body("components.schemas.keySet()", hasItems("EvaluationSpec", "SamplerSettings",
                        "LatestEvaluationResponse"))
                .body("components.schemas.ModelResponse.properties.keySet()", hasItems("latestEvaluation"));
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }
}
