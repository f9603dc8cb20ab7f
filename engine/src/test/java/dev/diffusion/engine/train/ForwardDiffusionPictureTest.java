package dev.diffusion.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffusion.engine.diffusion.NoiseSchedule;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForwardDiffusionPictureTest {

    @TempDir
    Path dir;

    @Test
    void picksTheFirstImageOfEveryClassThenTheFirstOthers() {
        // BarImages(8): images 0–7 are class 0, 8–15 class 1
        assertThat(ForwardDiffusionPicture.pick(new BarImages(8), 4)).containsExactly(0, 8, 1, 2);
        assertThat(ForwardDiffusionPicture.pick(new BarImages(1), 4)).containsExactly(0, 1);
    }

    @Test
    void writesOneRowPerImageCleanFirstThenEveryNoiseLevel() throws Exception {
        Path file = dir.resolve("forward-diffusion.png");

        ForwardDiffusionPicture.write(new BarImages(8), NoiseSchedule.linear(20), 3, file);

        BufferedImage picture = ImageIO.read(file.toFile());
        int cell = 8 + 2;
        assertThat(picture.getWidth()).isEqualTo((ForwardDiffusionPicture.LEVELS + 1) * cell + 2);
        assertThat(picture.getHeight()).isEqualTo(ForwardDiffusionPicture.ROWS * cell + 2);
        // row 0 is image 0, a horizontal bar on the top line; row 1 image 8, a vertical bar on the left
        assertThat(picture.getRaster().getSample(2 + 5, 2, 0)).isEqualTo(255);
        assertThat(picture.getRaster().getSample(2 + 5, 2 + 1, 0)).isZero();
        assertThat(picture.getRaster().getSample(2, 2 + cell + 5, 0)).isEqualTo(255);
        assertThat(picture.getRaster().getSample(2 + 1, 2 + cell + 5, 0)).isZero();
    }
}
