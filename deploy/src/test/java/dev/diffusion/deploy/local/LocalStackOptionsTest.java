package dev.diffusion.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalStackOptionsTest {

    @Test
    void defaults_keep_data_in_dot_local_of_the_repository_and_the_api_on_8080() {
        LocalStackOptions options = LocalStackOptions.parse(List.of("--repo", "/srv/diffusion"));

        assertThat(options.repository()).isEqualTo(Path.of("/srv/diffusion"));
        assertThat(options.dataDirectory()).isEqualTo(Path.of("/srv/diffusion/.local"));
        assertThat(options.logDirectory()).isEqualTo(Path.of("/srv/diffusion/.local/logs"));
        assertThat(options.apiPort()).isEqualTo(8080);
        assertThat(options.wipe()).isFalse();
        assertThat(options.worker()).isTrue();
        assertThat(options.partitions()).isEqualTo(3);
        assertThat(options.fast()).as("durable PostgreSQL by default").isFalse();
    }

    @Test
    void every_option_is_read() {
        LocalStackOptions options = LocalStackOptions.parse(List.of("--repo", "/r", "--data", "/d", "--wipe",
                "--api-port", "0", "--postgres-port", "15432", "--kafka-port", "19092",
                "--kafka-controller-port", "19093", "--s3-port", "19000", "--partitions", "5", "--no-worker",
                "--health-timeout", "30", "--fast"));

        assertThat(options).isEqualTo(new LocalStackOptions(Path.of("/r"), Path.of("/d"), true, 0, 15432, 19092,
                19093, 19000, 5, false, Duration.ofSeconds(30), true));
    }

    @Test
    void the_help_says_what_fast_trades_off_and_that_services_are_restarted_and_leftovers_cleaned() {
        assertThat(LocalStackOptions.USAGE)
                .contains("--fast", "without fsync", "may lose jobs already accepted", "default:", "durable")
                .contains("restarted", "1 s, 2 s, 4 s", "up to 30 s")
                .contains("children notice and exit", "stops", "whatever a dead run left there", "refused");
        assertThat(LocalStackOptions.USAGE.lines()).allMatch(line -> line.length() <= 110);
    }

    @Test
    void bad_options_are_rejected_with_their_name() {
        assertThatThrownBy(() -> LocalStackOptions.parse(List.of("--bogus")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown option --bogus");
        assertThatThrownBy(() -> LocalStackOptions.parse(List.of("--api-port")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--api-port needs a value");
        assertThatThrownBy(() -> LocalStackOptions.parse(List.of("--s3-port", "http")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--s3-port needs a number, got http");
        assertThatThrownBy(() -> LocalStackOptions.parse(List.of("--kafka-port", "70000")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--kafka-port must be between 0 and 65535, got 70000");
    }
}
