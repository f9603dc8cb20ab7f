package dev.diffusion.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.diffusion.api.job.service.RetryPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(10), 2.0, Duration.ofSeconds(60));

    @Test
    void each_retry_waits_twice_as_long_as_the_one_before_up_to_the_maximum() {
        assertThat(policy.delayBefore(1)).isZero();
        assertThat(policy.delayBefore(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.delayBefore(3)).isEqualTo(Duration.ofSeconds(20));
        assertThat(policy.delayBefore(4)).isEqualTo(Duration.ofSeconds(40));
        assertThat(policy.delayBefore(5)).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.delayBefore(50)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void a_shrinking_or_negative_back_off_is_rejected() {
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(10), 0.5, Duration.ofMinutes(1)))
                .hasMessageContaining("multiplier >= 1");
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(-1), 2, Duration.ofMinutes(1)))
                .hasMessageContaining("initial >= 0");
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofMinutes(2), 2, Duration.ofMinutes(1)))
                .hasMessageContaining("max >= initial");
    }
}
