package dev.diffusion.deploy.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up failures give a one-line message naming the component and leave nothing running. */
class StartupFailureTest {

    @TempDir
    Path temp;

    @Test
    void a_taken_port_names_the_component_before_any_server_starts() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int taken = squatter.getLocalPort();
            LocalInfrastructure infra = LocalInfrastructure.builder()
                    .optComponents(EnumSet.of(Component.POSTGRES, Component.KAFKA))
                    .optDataDirectory(temp.resolve("data"))
                    .optKafkaPort(taken)
                    .build();

            assertThatThrownBy(infra::start)
                    .isInstanceOf(InfrastructureException.class)
                    .hasMessage("kafka: port " + taken + " already in use")
                    .extracting(failure -> ((InfrastructureException) failure).component()).isEqualTo("kafka");
            assertThat(infra.postgres().isRunning()).isFalse();
            assertThat(Files.exists(temp.resolve("data/postgres"))).isFalse();
        }
    }

    @Test
    void a_data_folder_that_cannot_be_written_is_refused_before_any_start() throws Exception {
        Path regularFile = Files.writeString(temp.resolve("not-a-folder"), "x");

        assertThatThrownBy(() -> LocalInfrastructure.builder().optDataDirectory(regularFile.resolve("data")).build())
                .isInstanceOf(InfrastructureException.class)
                .hasMessageStartingWith("data folder: " + regularFile.resolve("data") + " is not writable: ")
                .satisfies(failure -> assertThat(failure.getMessage()).doesNotContain("\n"));
    }

    @Test
    void a_server_that_dies_while_starting_is_reported_and_the_started_ones_are_stopped() throws Exception {
        Path brokenJar = Files.writeString(temp.resolve("broken.jar"), "not a jar");
        String previous = System.setProperty(S3ProxyJar.PROPERTY, brokenJar.toString());
        try {
            LocalInfrastructure infra = LocalInfrastructure.builder()
                    .optComponents(EnumSet.of(Component.POSTGRES, Component.S3))
                    .optDataDirectory(temp.resolve("data"))
                    .build();

            assertThatThrownBy(infra::start)
                    .isInstanceOf(InfrastructureException.class)
                    .hasMessageStartingWith("s3: S3Proxy exited with code 1: ")
                    .hasMessageContaining("Invalid or corrupt jarfile")
                    .satisfies(failure -> assertThat(failure.getMessage()).doesNotContain("\n"));
            assertThat(Files.exists(temp.resolve("data/postgres/PG_VERSION")))
                    .as("postgres had started").isTrue();
            assertThat(infra.postgres().isRunning()).isFalse();
            assertThat(Ports.isFree(infra.postgres().port())).isTrue();
            assertThat(Ports.isFree(infra.s3().port())).isTrue();
        } finally {
            if (previous == null) {
                System.clearProperty(S3ProxyJar.PROPERTY);
            } else {
                System.setProperty(S3ProxyJar.PROPERTY, previous);
            }
        }
    }

    @Test
    void invalid_options_are_rejected_with_the_option_name() {
        assertThatThrownBy(() -> LocalInfrastructure.builder().optKafkaPort(70_000).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kafka port");
        assertThatThrownBy(() -> LocalInfrastructure.builder().optS3Credentials("key", "short").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("s3 secret key");
    }
}
