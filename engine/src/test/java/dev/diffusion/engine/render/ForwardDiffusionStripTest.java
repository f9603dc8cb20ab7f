package dev.diffusion.engine.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.types.Shape;
import dev.diffusion.engine.diffusion.GaussianNoise;
import dev.diffusion.engine.diffusion.NoiseSchedule;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.Arrays;

class ForwardDiffusionStripTest {

    private final NoiseSchedule schedule = NoiseSchedule.linear(300);

    @Test
    void evenlySpacedTimestepsRunFromZeroToTheLastStep() {
        assertThat(ForwardDiffusionStrip.evenlySpaced(300, 4)).containsExactly(0, 100, 199, 299);
        assertThat(ForwardDiffusionStrip.evenlySpaced(10, 10)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThatThrownBy(() -> ForwardDiffusionStrip.evenlySpaced(10, 1)).hasMessageContaining("count");
    }

    @Test
    void everyLevelNoisesTheSameImageWithTheSameSeededNoise() {
        float[] x0 = {-1f, -0.5f, 0.5f, 1f};
        int[] timesteps = {0, 150, 299};

        float[] images = ForwardDiffusionStrip.noisyImages(x0, schedule, timesteps, 9, true);

        assertThat(images).hasSize(16);
        assertThat(Arrays.copyOfRange(images, 0, 4)).containsExactly(x0);
        float[] noise = new GaussianNoise(9).next(4);
        for (int k = 0; k < timesteps.length; k++) {
            for (int i = 0; i < 4; i++) {
                double expected = schedule.sqrtAlphaBar(timesteps[k]) * x0[i]
                        + schedule.sqrtOneMinusAlphaBar(timesteps[k]) * noise[i];
                assertThat((double) images[(k + 1) * 4 + i]).isCloseTo(expected, within(1e-6));
            }
        }
    }

    @Test
    void stripIsOneRowWithTheCleanImageFirst() {
        float[] x0 = new float[2 * 2];
        Arrays.fill(x0, 1f);

        BufferedImage strip = ForwardDiffusionStrip.render(
                x0, new Shape(1, 2, 2), schedule, ForwardDiffusionStrip.evenlySpaced(300, 5), 1, true, 1);

        assertThat(strip.getWidth()).isEqualTo(6 * (2 + 1) + 1);
        assertThat(strip.getHeight()).isEqualTo(2 + 2);
        assertThat(strip.getRaster().getSample(1, 1, 0)).isEqualTo(255);
        assertThatThrownBy(() -> ForwardDiffusionStrip.render(x0, new Shape(1, 3, 3), schedule, new int[] {1}, 1, true, 1))
                .hasMessageContaining("[C, H, W]");
    }

    @Test
    void rowsShowEachImageWithItsOwnSeededNoise() {
        float[] x0s = {1f, 1f, 1f, 1f, -1f, -1f, -1f, -1f};
        int[] timesteps = {0, 150, 299};

        BufferedImage picture = ForwardDiffusionStrip.renderRows(x0s, new Shape(1, 2, 2), schedule, timesteps, 5, 1);

        assertThat(picture.getWidth()).isEqualTo(4 * (2 + 1) + 1);
        assertThat(picture.getHeight()).isEqualTo(2 * (2 + 1) + 1);
        assertThat(picture.getRaster().getSample(1, 1, 0)).isEqualTo(255);
        assertThat(picture.getRaster().getSample(1, 4, 0)).isEqualTo(0);
        float[] secondRow = ForwardDiffusionStrip.noisyImages(
                new float[] {-1f, -1f, -1f, -1f}, schedule, timesteps, 6, true);
        // row 1, last level (column 3), first pixel
        assertThat(picture.getRaster().getSample(1 + 3 * 3, 4, 0)).isEqualTo(ImageGrid.toByte(secondRow[3 * 4]));
        assertThatThrownBy(() -> ForwardDiffusionStrip.renderRows(new float[5], new Shape(1, 2, 2), schedule, timesteps, 1, 1))
                .hasMessageContaining("[C, H, W]");
    }
}
