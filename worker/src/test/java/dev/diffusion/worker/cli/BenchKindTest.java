package dev.diffusion.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** --only names: every kind maps to a probe the probe command knows, with its own width where it has one. */
class BenchKindTest {

    @Test
    void everyKindRunsAKnownProbe() {
        for (BenchKind kind : BenchKind.values()) {
            assertThat(BenchProbeCommand.KINDS).contains(kind.probe());
            assertThat(BenchKind.of(kind.id())).isSameAs(kind);
        }
    }

    @Test
    void theNarrowAndContentionMeasurementsUseNFeat32AndTheOthersTheBenchWidth() {
        BenchSettings settings = new BenchSettings(64, 64, 10, 2, 2000, 500);

        assertThat(BenchKind.TRAIN_STEP_32.settingsFor(settings).features()).isEqualTo(32);
        assertThat(BenchKind.CONTENTION.settingsFor(settings).features()).isEqualTo(32);
        assertThat(BenchKind.TRAIN_STEP.settingsFor(settings)).isEqualTo(settings);
        assertThat(BenchKind.SAMPLE_STEP.referenceKind()).contains("forward");
    }

    @Test
    void anUnknownNameIsAUsageError() {
        assertThatThrownBy(() -> BenchKind.of("train")).isInstanceOf(UsageException.class)
                .hasMessageContaining("train-step-32");
    }
}
