package dev.diffusion.deploy.descriptors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.diffusion.deploy.infra.ServiceSettings;
import dev.diffusion.deploy.infra.ServiceSettings.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** docker-compose.yml declares every service and every setting the code reads. */
class DockerComposeTest {

    private static Path root;
    private static JsonNode services;

    @BeforeAll
    static void readComposeFile() throws Exception {
        root = Descriptors.repositoryRoot();
        services = Descriptors.read(root.resolve("docker-compose.yml")).path("services");
    }

    @Test
    void declares_the_servers_their_init_jobs_and_both_services() {
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder(
                "postgres", "kafka", "kafka-init", "minio", "minio-init", "api", "worker");
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void gives_each_service_every_variable_it_needs(Service service) {
        assertThat(Descriptors.environment(services.path(service.label())))
                .containsKeys(ServiceSettings.requiredEnvironment(service).toArray(String[]::new));
    }

    @Test
    void the_worker_gets_no_database_settings() {
        assertThat(Descriptors.environment(services.path("worker")).keySet())
                .noneMatch(name -> name.startsWith("QUARKUS_DATASOURCE"));
    }

    @Test
    void the_services_use_the_credentials_the_servers_are_created_with() {
        Map<String, String> api = Descriptors.environment(services.path("api"));
        Map<String, String> worker = Descriptors.environment(services.path("worker"));
        Map<String, String> minio = Descriptors.environment(services.path("minio"));
        Map<String, String> postgres = Descriptors.environment(services.path("postgres"));

        for (Map<String, String> service : List.of(api, worker)) {
            assertThat(service.get("DIFFUSION_S3_ACCESS_KEY")).isEqualTo(minio.get("MINIO_ROOT_USER"));
            assertThat(service.get("DIFFUSION_S3_SECRET_KEY")).isEqualTo(minio.get("MINIO_ROOT_PASSWORD"));
            assertThat(service.get("DIFFUSION_S3_ENDPOINT")).isEqualTo("http://minio:9000");
            assertThat(service.get("DIFFUSION_S3_REGION")).isEqualTo(ServiceSettings.DEFAULT_REGION);
            assertThat(service.get("DIFFUSION_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka:9092");
        }
        assertThat(api.get("QUARKUS_DATASOURCE_USERNAME")).isEqualTo(postgres.get("POSTGRES_USER"));
        assertThat(api.get("QUARKUS_DATASOURCE_PASSWORD")).isEqualTo(postgres.get("POSTGRES_PASSWORD"));
        assertThat(api.get("QUARKUS_DATASOURCE_JDBC_URL"))
                .isEqualTo("jdbc:postgresql://postgres:5432/" + postgres.get("POSTGRES_DB"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "kafka", "minio", "api", "worker"})
    void every_long_running_container_has_a_healthcheck(String name) {
        assertThat(Descriptors.text(services.path(name).path("healthcheck").path("test"))).isNotBlank();
    }

    @Test
    void the_services_wait_for_healthy_servers_and_finished_init_jobs() {
        JsonNode api = services.path("api").path("depends_on");
        assertThat(api.path("postgres").path("condition").asText()).isEqualTo("service_healthy");
        for (String name : List.of("api", "worker")) {
            JsonNode dependencies = services.path(name).path("depends_on");
            assertThat(dependencies.path("kafka-init").path("condition").asText())
                    .isEqualTo("service_completed_successfully");
            assertThat(dependencies.path("minio-init").path("condition").asText())
                    .isEqualTo("service_completed_successfully");
        }
        assertThat(services.path("kafka-init").path("depends_on").path("kafka").path("condition").asText())
                .isEqualTo("service_healthy");
        assertThat(services.path("minio-init").path("depends_on").path("minio").path("condition").asText())
                .isEqualTo("service_healthy");
    }

    @Test
    void the_init_jobs_create_the_default_topics_and_buckets() {
        assertThat(Descriptors.text(services.path("kafka-init").path("command")))
                .contains(ServiceSettings.DEFAULT_TOPICS);
        assertThat(Descriptors.text(services.path("minio-init").path("command")))
                .contains(ServiceSettings.DEFAULT_BUCKETS);
    }

    @Test
    void the_worker_reserves_an_nvidia_gpu() {
        JsonNode devices = services.path("worker").path("deploy").path("resources").path("reservations")
                .path("devices");
        assertThat(devices.isArray()).isTrue();
        assertThat(devices.get(0).path("driver").asText()).isEqualTo("nvidia");
        assertThat(Descriptors.text(devices.get(0).path("capabilities"))).contains("gpu");
        assertThat(services.path("worker").path("build").path("args").path("PYTORCH_FLAVOR").asText())
                .startsWith("cu");
    }

    @Test
    void server_images_are_pinned_and_the_postgres_major_is_17() {
        for (String name : List.of("postgres", "kafka", "kafka-init", "minio", "minio-init")) {
            String image = services.path(name).path("image").asText();
            assertThat(image).as(name).contains(":").doesNotEndWith(":latest");
        }
        assertThat(services.path("postgres").path("image").asText()).isEqualTo("postgres:17");
    }

    @Test
    void published_ports_listen_on_loopback_only() {
        services.forEach(service -> service.path("ports")
                .forEach(port -> assertThat(port.asText()).startsWith("127.0.0.1:")));
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void each_service_is_built_from_its_jvm_dockerfile(Service service) throws Exception {
        JsonNode build = services.path(service.label()).path("build");
        Path context = root.resolve(build.path("context").asText()).normalize();
        Path dockerfile = context.resolve(build.path("dockerfile").asText());

        assertThat(dockerfile).isEqualTo(root.resolve(service.label() + "/src/main/docker/Dockerfile.jvm"));
        String text = Files.readString(dockerfile);
        assertThat(text).contains("FROM eclipse-temurin:17-jre")
                .contains("target/quarkus-app/lib/", "target/quarkus-app/app/", "target/quarkus-app/quarkus/")
                .contains("quarkus-run.jar");
    }
}
