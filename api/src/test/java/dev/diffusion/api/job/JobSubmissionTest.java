package dev.diffusion.api.job;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static dev.diffusion.api.testing.Api.getJob;
import static dev.diffusion.api.testing.Api.postTraining;
import static dev.diffusion.api.testing.Api.submitTraining;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

@QuarkusTest
class JobSubmissionTest {

    @Test
    void a_dataset_and_steps_are_enough_for_a_queued_job_with_the_effective_spec() {
        ExtractableResponse<Response> created = postTraining("{\"dataset\":\"mnist\",\"steps\":2000}")
                .statusCode(202)
                .body("type", equalTo("TRAINING"))
                .body("status", equalTo("QUEUED"))
                .body("attempt", equalTo(1))
                .body("maxAttempts", equalTo(3))
                .body("progress.step", equalTo(0))
                .body("progress.totalSteps", equalTo(2000))
                .body("progress.fraction", equalTo(0.0f))
                .body("progress.phase", equalTo("queued"))
                .body("spec.dataset", equalTo("mnist"))
                .body("spec.steps", equalTo(2000))
                .body("spec.imageSize", equalTo(28))
                .body("spec.channels", equalTo(1))
                .body("spec.model.architecture", equalTo("context-unet"))
                .body("spec.schedule.timesteps", equalTo(500))
                .body("spec.optimizer.lrSchedule", equalTo("warmup-stable-decay"))
                .body("spec.optimizer.gradClipNorm", equalTo(0.0f))
                .body("spec.ema.enabled", equalTo(false))
                .body("spec.model.norm", equalTo("batch"))
                .body("spec.seed", notNullValue())
                .body("spec.evaluateEvery", equalTo(0))
                .body("modelId", nullValue())
                .body("createdAt", notNullValue())
                .body("startedAt", nullValue())
                .extract();
        String id = created.path("id");

        assertThat(created.header("Location")).endsWith("/api/v1/jobs/" + id);
        getJob(UUID.fromString(id)).statusCode(200)
                .body("id", equalTo(id))
                .body("spec.seed", equalTo(created.path("spec.seed")));
    }

    @Test
    void listing_is_newest_first_and_pages_with_an_opaque_cursor() {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            mine.add(0, submitTraining().toString());
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var page = given().queryParam("limit", 2).queryParam("cursor", cursor == null ? "" : cursor)
                    .when().get("/api/v1/jobs").then().statusCode(200).extract();
            List<String> ids = page.path("items.id");
            assertThat(ids).hasSizeLessThanOrEqualTo(2);
            seen.addAll(ids);
            cursor = page.path("nextCursor");
        } while (cursor != null && seen.size() < 5);

        assertThat(seen.subList(0, 5)).containsExactlyElementsOf(mine);
    }

    @Test
    void the_default_page_holds_twenty_jobs() {
        for (int i = 0; i < 21; i++) {
            submitTraining();
        }

        given().when().get("/api/v1/jobs").then().statusCode(200)
                .body("items.size()", equalTo(20))
                .body("nextCursor", notNullValue());
        given().queryParam("limit", 100).when().get("/api/v1/jobs").then().statusCode(200)
                .body("items.size()", Matchers.greaterThan(20));
    }

    @Test
    void listing_filters_by_status_and_type() {
        UUID cancelled = submitTraining();
        given().when().post("/api/v1/jobs/" + cancelled + "/cancel").then().statusCode(200);

        List<String> ids = given().queryParam("status", "cancelled").queryParam("type", "TRAINING").queryParam("limit", 100)
                .when().get("/api/v1/jobs").then().statusCode(200)
                .body("items.status", everyItem(equalTo("CANCELLED")))
                .body("items.type", everyItem(equalTo("TRAINING")))
                .extract().path("items.id");
        assertThat(ids).contains(cancelled.toString());
        given().queryParam("type", "GENERATION").queryParam("limit", 100).when().get("/api/v1/jobs").then()
                .statusCode(200).body("items.type", everyItem(equalTo("GENERATION")));
    }
}
