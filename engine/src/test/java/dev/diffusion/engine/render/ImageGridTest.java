package dev.diffusion.engine.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.diffusion.engine.diffusion.SamplingFrame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

class ImageGridTest {

    // Three gray 2x2 images: a ramp, all white, out-of-range values.
    private static final float[] GRAY = {
        -1f, 0f, 0.5f, 1f,
        1f, 1f, 1f, 1f,
        5f, -3f, Float.NaN, -0.5f
    };
    private static final Shape GRAY_SHAPE = new Shape(3, 1, 2, 2);

    @TempDir Path dir;

    @Test
    void valuesMapFromMinusOneOneToBytesWithClampingAndRounding() {
        assertThat(ImageGrid.toByte(-1f)).isZero();
        assertThat(ImageGrid.toByte(1f)).isEqualTo(255);
        assertThat(ImageGrid.toByte(0f)).isEqualTo(128);
        assertThat(ImageGrid.toByte(0.5f)).isEqualTo(191);
        assertThat(ImageGrid.toByte(7f)).isEqualTo(255);
        assertThat(ImageGrid.toByte(-7f)).isZero();
        assertThat(ImageGrid.toByte(Float.NaN)).isZero();
    }

    @Test
    void grayGridPlacesImagesRowByRowInsidePadding() throws IOException {
        Path file = dir.resolve("grid.png");
        PngGridWriter.write(GRAY, GRAY_SHAPE, new GridLayout(2, 1, -0.2f), file);

        BufferedImage image = ImageIO.read(file.toFile());

        assertThat(image.getWidth()).isEqualTo(2 * (2 + 1) + 1);
        assertThat(image.getHeight()).isEqualTo(2 * (2 + 1) + 1);
        assertThat(image.getRaster().getNumBands()).isEqualTo(1);
        int pad = ImageGrid.toByte(-0.2f);
        assertThat(gray(image, 0, 0)).isEqualTo(pad);
        assertThat(gray(image, 3, 2)).as("gap between columns").isEqualTo(pad);
        // image 0 at (1, 1)
        assertThat(new int[] {gray(image, 1, 1), gray(image, 2, 1), gray(image, 1, 2), gray(image, 2, 2)})
                .containsExactly(0, 128, 191, 255);
        // image 1 at (4, 1)
        assertThat(gray(image, 4, 1)).isEqualTo(255);
        // image 2 at (1, 4), clamped
        assertThat(new int[] {gray(image, 1, 4), gray(image, 2, 4), gray(image, 1, 5), gray(image, 2, 5)})
                .containsExactly(255, 0, 0, 64);
        // the empty fourth cell is padding
        assertThat(gray(image, 4, 4)).isEqualTo(pad);
        assertThat(gray(image, 5, 5)).isEqualTo(pad);
    }

    @Test
    void rgbGridReadsChannelsFromTheirPlanes() throws IOException {
        // One 1x2 RGB image in planes R (1, 0), G (-1, 0), B (-1, 1): red, then (128, 128, 255).
        float[] rgb = {1f, 0f, -1f, 0f, -1f, 1f};
        BufferedImage grid = ImageGrid.render(rgb, new Shape(1, 3, 1, 2), new GridLayout(4, 0, 1f));
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(PngGridWriter.encode(grid)));

        assertThat(decoded.getWidth()).isEqualTo(2);
        assertThat(decoded.getHeight()).isEqualTo(1);
        assertThat(decoded.getRGB(0, 0) & 0xffffff).isEqualTo(0xff0000);
        assertThat(decoded.getRGB(1, 0) & 0xffffff).isEqualTo(0x8080ff);
    }

    @Test
    void ndArrayImagesRenderLikeTheirHostCopy() {
        try (NDManager manager = NDManager.newBaseManager()) {
            BufferedImage fromArray = ImageGrid.render(manager.create(GRAY, GRAY_SHAPE), GridLayout.ofColumns(3));
            BufferedImage fromHost = ImageGrid.render(GRAY, GRAY_SHAPE, GridLayout.ofColumns(3));
            assertThat(fromArray.getRaster().getPixels(0, 0, 11, 6, (int[]) null))
                    .containsExactly(fromHost.getRaster().getPixels(0, 0, 11, 6, (int[]) null));
            assertThat(fromArray.getWidth()).isEqualTo(3 * (2 + 2) + 2);
        }
    }

    @Test
    void samplingFramesRenderOneGridEach() {
        List<SamplingFrame> frames = List.of(
                new SamplingFrame(0, 9, GRAY, GRAY_SHAPE),
                new SamplingFrame(10, -1, new float[12], GRAY_SHAPE));

        List<BufferedImage> grids = ImageGrid.render(frames, new GridLayout(3, 0, 1f));

        assertThat(grids).hasSize(2);
        assertThat(grids.get(0).getRaster().getSample(1, 0, 0)).isEqualTo(128);
        assertThat(grids.get(1).getRaster().getSample(1, 0, 0)).isEqualTo(128);
        assertThat(grids.get(1).getRaster().getSample(0, 0, 0)).isEqualTo(128);
    }

    @Test
    void squareLayoutUsesCeilSqrtColumns() {
        assertThat(GridLayout.square(64).columns()).isEqualTo(8);
        assertThat(GridLayout.square(10).columns()).isEqualTo(4);
        assertThat(GridLayout.square(1).columns()).isEqualTo(1);
    }

    @Test
    void badShapesAndLayoutsAreRejected() {
        assertThatThrownBy(() -> ImageGrid.render(new float[8], new Shape(1, 2, 2, 2), GridLayout.ofColumns(1)))
                .hasMessageContaining("1 (gray) or 3 (RGB) channels");
        assertThatThrownBy(() -> ImageGrid.render(new float[3], new Shape(1, 1, 2, 2), GridLayout.ofColumns(1)))
                .hasMessageContaining("needs 4 values");
        assertThatThrownBy(() -> new GridLayout(0, 1, 0)).hasMessageContaining("columns");
        assertThatThrownBy(() -> new GridLayout(1, -1, 0)).hasMessageContaining("padding");
        assertThatThrownBy(() -> new GridLayout(1, 1, 2)).hasMessageContaining("pad value");
    }

    private static int gray(BufferedImage image, int x, int y) {
        return image.getRaster().getSample(x, y, 0);
    }
}
