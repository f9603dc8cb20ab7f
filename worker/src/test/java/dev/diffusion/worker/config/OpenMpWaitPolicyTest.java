package dev.diffusion.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The wait policy reaches the C environment that libgomp reads, and a policy given by the user wins. */
class OpenMpWaitPolicyTest {

    @Test
    void passiveUnlessTheEnvironmentChoseAPolicy() {
        boolean set = OpenMpWaitPolicy.applyUnlessSet();

        if (System.getenv(OpenMpWaitPolicy.VARIABLE) == null) {
            assertThat(set).isTrue();
            assertThat(OpenMpWaitPolicy.current()).isEqualTo("PASSIVE");
        } else {
            assertThat(set).isFalse();
            assertThat(OpenMpWaitPolicy.current()).isEqualTo(System.getenv(OpenMpWaitPolicy.VARIABLE));
        }
    }
}
