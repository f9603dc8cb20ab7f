package dev.diffusion.engine.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GenerationLimitsTest {

    @Test
    void guidanceHalvesTheImagesPerChunkButNeverToZero() {
        assertThat(new GenerationLimits(64, 1).imagesPerChunk(false)).isEqualTo(64);
        assertThat(new GenerationLimits(64, 1).imagesPerChunk(true)).isEqualTo(32);
        assertThat(new GenerationLimits(1, 1).imagesPerChunk(true)).isEqualTo(1);
    }

    @Test
    void framesCountTheNoiseEveryKthStepAndTheLast() {
        assertThat(GenerationLimits.frames(1, 10)).isEqualTo(11);
        assertThat(GenerationLimits.frames(4, 10)).isEqualTo(4);
        assertThat(GenerationLimits.frames(5, 10)).isEqualTo(3);
        assertThat(GenerationLimits.frames(10, 10)).isEqualTo(2);
    }

    @Test
    void theFrameIntervalGrowsUntilTheFramesFitTheBudget() {
        GenerationLimits limits = new GenerationLimits(64, 1000);

        assertThat(limits.frameEvery(1, 1000, 10)).as("1001 frames of 10 bytes do not fit, 100 do").isEqualTo(11);
        assertThat(limits.frameEvery(50, 1000, 10)).as("21 frames fit as asked").isEqualTo(50);
        assertThat(limits.frameEvery(1, 1000, 500)).as("two frames: noise and result").isEqualTo(1000);
        assertThat(limits.frameEvery(1, 1000, 501)).as("not even two").isZero();
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new GenerationLimits(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GenerationLimits(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
