package dev.diffusion.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShapesDatasetTest {

    @Test
    void sameSeedGivesTheSameImages() {
        LabeledImageDataset a = ShapesDataset.generate(12, 16, 3);
        LabeledImageDataset b = ShapesDataset.generate(12, 16, 3);
        LabeledImageDataset c = ShapesDataset.generate(12, 16, 4);
        assertThat(a.pixels()).containsExactly(b.pixels());
        assertThat(a.pixels()).isNotEqualTo(c.pixels());
    }

    @Test
    void classesAreBalancedAndNamed() {
        LabeledImageDataset dataset = ShapesDataset.generate(40, 16, 1);
        assertThat(dataset.classNames()).containsExactly("square", "circle", "triangle", "cross");
        assertThat(dataset.classCounts()).containsExactly(10, 10, 10, 10);
        assertThat(dataset.channels()).isEqualTo(1);
        assertThat(dataset.height()).isEqualTo(16);
    }

    @Test
    void everyImageShowsAShapeOnABlackBackground() {
        LabeledImageDataset dataset = ShapesDataset.generate(20, 16, 9);
        for (int i = 0; i < dataset.size(); i++) {
            byte[] pixels = dataset.imageBytes(i);
            int white = 0;
            int black = 0;
            for (byte pixel : pixels) {
                white += (pixel & 0xff) == 255 ? 1 : 0;
                black += pixel == 0 ? 1 : 0;
            }
            assertThat(white).as("image %d", i).isGreaterThan(4);
            assertThat(black).as("image %d", i).isGreaterThan(pixels.length / 8);
        }
    }

    @Test
    void shapesDifferWhereTheirOutlinesDiffer() {
        double r = 10;
        // a square's corner lies outside the circle, the cross and the triangle's apex side
        assertThat(ShapesDataset.contains(0, 9, -9, r)).isTrue();
        assertThat(ShapesDataset.contains(1, 9, -9, r)).isFalse();
        assertThat(ShapesDataset.contains(2, 9, -9, r)).isFalse();
        assertThat(ShapesDataset.contains(3, 9, -9, r)).isFalse();
        // the triangle's base is as wide as the square
        assertThat(ShapesDataset.contains(2, 9, 9, r)).isTrue();
        assertThat(ShapesDataset.contains(3, 9, 0, r)).isTrue();
        assertThatThrownBy(() -> ShapesDataset.generate(4, 4, 0)).hasMessageContaining("at least 8");
    }
}
