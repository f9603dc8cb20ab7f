package dev.diffusion.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {

    @Test
    void the_default_doubles_from_one_second_up_to_thirty() {
        assertThat(IntStream.rangeClosed(1, 8).mapToObj(RestartPolicy.DEFAULT::delay).map(Duration::toSeconds))
                .containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
        assertThat(RestartPolicy.DEFAULT.delay(1_000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void a_child_that_ran_for_the_stable_period_starts_the_series_afresh() {
        assertThat(RestartPolicy.DEFAULT.isStable(Duration.ofSeconds(59))).isFalse();
        assertThat(RestartPolicy.DEFAULT.isStable(Duration.ofMinutes(1))).isTrue();
    }

    @Test
    void invalid_policies_are_rejected() {
        assertThatThrownBy(() -> new RestartPolicy(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("first restart delay must be positive");
        assertThatThrownBy(() -> new RestartPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("is below the first");
        assertThatThrownBy(() -> new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO))
                .hasMessageContaining("stable period must be positive");
        assertThatThrownBy(() -> RestartPolicy.DEFAULT.delay(0)).hasMessageContaining("start at 1");
    }
}
