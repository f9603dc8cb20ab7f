package dev.diffusion.deploy.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffusion.deploy.infra.ServiceSettings.Service;
import org.junit.jupiter.api.Test;

class ServiceSettingsTest {

    @Test
    void environment_names_follow_the_quarkus_mapping_of_configuration_keys() {
        assertThat(ServiceSettings.environmentName("quarkus.datasource.jdbc.url"))
                .isEqualTo("QUARKUS_DATASOURCE_JDBC_URL");
        assertThat(ServiceSettings.environmentName("diffusion.kafka.bootstrap-servers"))
                .isEqualTo("DIFFUSION_KAFKA_BOOTSTRAP_SERVERS");
        assertThat(ServiceSettings.environmentName("diffusion.s3.access-key")).isEqualTo("DIFFUSION_S3_ACCESS_KEY");
    }

    @Test
    void the_api_needs_the_database_kafka_and_s3() {
        assertThat(ServiceSettings.requiredEnvironment(Service.API)).containsExactly(
                "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
                "DIFFUSION_KAFKA_BOOTSTRAP_SERVERS", "DIFFUSION_S3_ENDPOINT", "DIFFUSION_S3_ACCESS_KEY",
                "DIFFUSION_S3_SECRET_KEY", "DIFFUSION_S3_REGION");
    }

    @Test
    void the_worker_needs_kafka_s3_and_djl_but_no_database() {
        assertThat(ServiceSettings.requiredEnvironment(Service.WORKER)).containsExactly(
                "DIFFUSION_KAFKA_BOOTSTRAP_SERVERS", "DIFFUSION_S3_ENDPOINT", "DIFFUSION_S3_ACCESS_KEY",
                "DIFFUSION_S3_SECRET_KEY", "DIFFUSION_S3_REGION", "DJL_OFFLINE", "DJL_CACHE_DIR", "MALLOC_ARENA_MAX", "MALLOC_MMAP_THRESHOLD_",
                "GLIBC_TUNABLES");
    }

    @Test
    void credentials_are_secrets_and_endpoints_are_not() {
        assertThat(ServiceSettings.isSecret("QUARKUS_DATASOURCE_PASSWORD")).isTrue();
        assertThat(ServiceSettings.isSecret("QUARKUS_DATASOURCE_USERNAME")).isTrue();
        assertThat(ServiceSettings.isSecret("DIFFUSION_S3_SECRET_KEY")).isTrue();
        assertThat(ServiceSettings.isSecret("DIFFUSION_S3_ACCESS_KEY")).isTrue();
        assertThat(ServiceSettings.isSecret("DIFFUSION_S3_ENDPOINT")).isFalse();
        assertThat(ServiceSettings.isSecret("DIFFUSION_KAFKA_BOOTSTRAP_SERVERS")).isFalse();
    }
}
