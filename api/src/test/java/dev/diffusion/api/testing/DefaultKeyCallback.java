package dev.diffusion.api.testing;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

/**
 * Before every {@code @QuarkusTest} method: RestAssured sends the admin key of the default tenant, so tests that
 * are not about authentication read as before. A test sends another key with {@code given().auth().oauth2(key)}
 * and none with {@code given().auth().none()}.
 */
public class DefaultKeyCallback implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        RestAssured.authentication = RestAssured.oauth2(TestKeys.admin());
    }
}
