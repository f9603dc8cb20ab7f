package dev.diffusion.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkerMainTest {

    @Test
    void aCommandRunsAndItsExitCodeIsReturned() {
        assertThat(new WorkerMain().run("--help")).isZero();
        assertThat(new WorkerMain().run("train", "--no-such-option")).isEqualTo(2);
    }
}
