package dev.diffusion.api.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.diffusion.deploy.infra.LocalInfrastructure;
import dev.diffusion.deploy.infra.SharedInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The api boots against the shared infrastructure: database reachable and migrated. */
@QuarkusTest
class InfrastructureResourceTest {

    @Test
    void readiness_is_up_with_the_database_check() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"));
    }

    @Test
    void tests_get_the_same_servers_the_application_is_configured_with() {
        LocalInfrastructure infra = SharedInfrastructure.get();
        var config = ConfigProvider.getConfig();

        assertThat(config.getValue("diffusion.kafka.bootstrap-servers", String.class))
                .isEqualTo(infra.kafka().bootstrapServers());
        assertThat(config.getValue("diffusion.s3.endpoint", String.class)).isEqualTo(infra.s3().endpoint());
        assertThat(config.getValue("quarkus.datasource.jdbc.url", String.class)).isEqualTo(infra.postgres().jdbcUrl());
    }
}
