package dev.diffusion.api.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's files come from the api's jar without a key (they hold no data: the page asks for a key and calls
 * /api/v1 with it), while every /api/v1 call still needs one.
 */
@QuarkusTest
class DashboardServingTest {

    private static final List<String> MODULES = List.of("api", "app", "charts", "dom", "form", "generate", "job", "jobs",
            "models", "train");

    @Test
    void the_page_and_its_scripts_and_styles_are_served_without_a_key() {
        given().auth().none().when().get("/").then().statusCode(200)
                .contentType(startsWith("text/html"))
                .body(containsString("<script type=\"module\" src=\"dashboard/app.js\"></script>"));
        for (String module : MODULES) {
            given().auth().none().when().get("/dashboard/" + module + ".js").then().statusCode(200)
                    .contentType(containsString("javascript"));
        }
        given().auth().none().when().get("/dashboard/dashboard.css").then().statusCode(200)
                .contentType(startsWith("text/css"));
    }

    @Test
    void the_api_behind_it_still_needs_a_key() {
        given().auth().none().when().get("/api/v1/jobs").then().statusCode(401)
                .body("type", equalTo("urn:diffusion:problem:unauthorized"));
        given().auth().none().when().get("/api/v1/jobs/00000000-0000-0000-0000-000000000000/metrics").then()
                .statusCode(401);
        given().auth().none().when().get("/dashboard/missing.js").then().statusCode(404);
    }
}
