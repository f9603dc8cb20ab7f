package dev.diffusion.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

class ImageFolderReaderTest {

    @TempDir Path root;

    @Test
    void classesAreSortedSubFoldersAndOtherFilesAreIgnored() throws IOException {
        writeGray(root.resolve("cat/b.png"), 4, 4, 100);
        writeGray(root.resolve("cat/a.png"), 4, 4, 200);
        writeGray(root.resolve("ant/only.png"), 4, 4, 50);
        Files.writeString(root.resolve("ant/notes.txt"), "not an image");
        writeGray(root.resolve(".cache/hidden.png"), 4, 4, 0);

        LabeledImageDataset dataset = ImageFolderReader.read(root, 4, 1);

        assertThat(dataset.classNames()).containsExactly("ant", "cat");
        assertThat(dataset.labels()).containsExactly(0, 1, 1);
        assertThat(dataset.imageBytes(0)).containsOnly(50);
        assertThat(dataset.imageBytes(1)).containsOnly(-56); // 200 as a signed byte, a.png first
        assertThat(dataset.imageBytes(2)).containsOnly(100);
    }

    @Test
    void grayLevelsSurviveWithoutResizing() throws IOException {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        int[] levels = new int[16];
        for (int i = 0; i < 16; i++) {
            levels[i] = i * 17;
        }
        image.getRaster().setPixels(0, 0, 4, 4, levels);
        ImageIO.write(image, "png", Files.createDirectories(root.resolve("ramp")).resolve("r.png").toFile());

        byte[] read = ImageFolderReader.read(root, 4, 1).imageBytes(0);

        for (int i = 0; i < 16; i++) {
            assertThat(read[i] & 0xff).isEqualTo(i * 17);
        }
    }

    @Test
    void shorterSideIsResizedThenTheCenterIsCropped() throws IOException {
        // 8 wide, 4 high, vertical stripes two columns wide: 10, 50, 200, 250.
        BufferedImage image = new BufferedImage(8, 4, BufferedImage.TYPE_BYTE_GRAY);
        int[] stripes = {10, 50, 200, 250};
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 8; x++) {
                image.getRaster().setSample(x, y, 0, stripes[x / 2]);
            }
        }
        ImageIO.write(image, "png", Files.createDirectories(root.resolve("wide")).resolve("w.png").toFile());

        LabeledImageDataset dataset = ImageFolderReader.read(root, 2, 1);

        // halved to 4x2 = one column per stripe, center 2 columns kept
        assertThat(dataset.height()).isEqualTo(2);
        assertThat(dataset.width()).isEqualTo(2);
        byte[] pixels = dataset.imageBytes(0);
        assertThat(new int[] {pixels[0] & 0xff, pixels[1] & 0xff, pixels[2] & 0xff, pixels[3] & 0xff})
                .containsExactly(50, 200, 50, 200);
    }

    @Test
    void colourImagesGiveRgbPlanesOrLuma() throws IOException {
        BufferedImage red = new BufferedImage(3, 3, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 3; x++) {
                red.setRGB(x, y, 0xff0000);
            }
        }
        ImageIO.write(red, "png", Files.createDirectories(root.resolve("red")).resolve("r.png").toFile());

        byte[] rgb = ImageFolderReader.read(root, 3, 3).imageBytes(0);
        byte[] gray = ImageFolderReader.read(root, 3, 1).imageBytes(0);

        assertThat(rgb).hasSize(27);
        for (int p = 0; p < 9; p++) {
            assertThat(rgb[p] & 0xff).isEqualTo(255);
            assertThat(rgb[9 + p]).isZero();
            assertThat(rgb[18 + p]).isZero();
            assertThat(gray[p] & 0xff).isEqualTo(76); // round(0.299 * 255)
        }
    }

    @Test
    void jpegImagesAreRead() throws IOException {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                image.setRGB(x, y, 0x808080);
            }
        }
        ImageIO.write(image, "jpg", Files.createDirectories(root.resolve("photo")).resolve("p.JPG").toFile());

        byte[] pixels = ImageFolderReader.read(root, 8, 1).imageBytes(0);

        assertThat(pixels).hasSize(64);
        for (byte pixel : pixels) {
            assertThat(Math.abs((pixel & 0xff) - 128)).isLessThanOrEqualTo(3);
        }
    }

    @Test
    void unreadableImageIsNamed() throws IOException {
        writeGray(root.resolve("ok/fine.png"), 2, 2, 9);
        Path broken = root.resolve("ok/broken.png");
        Files.write(broken, new byte[] {1, 2, 3, 4});

        assertThatThrownBy(() -> ImageFolderReader.read(root, 2, 1))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("broken.png")
                .satisfies(e -> assertThat(((DatasetException) e).file()).isEqualTo(broken));
    }

    @Test
    void emptyFoldersAreRejected() throws IOException {
        assertThatThrownBy(() -> ImageFolderReader.read(root, 8, 1)).hasMessageContaining("contains no class sub-folders");
        Files.createDirectories(root.resolve("empty"));
        writeGray(root.resolve("full/x.png"), 2, 2, 1);
        assertThatThrownBy(() -> ImageFolderReader.read(root, 8, 1))
                .hasMessageContaining("empty")
                .hasMessageContaining("class folder contains no");
        assertThatThrownBy(() -> ImageFolderReader.read(root.resolve("missing"), 8, 1))
                .hasMessageContaining("missing: image folder does not exist");
        assertThatThrownBy(() -> ImageFolderReader.read(root, 8, 2)).hasMessageContaining("channels");
    }

    @Test
    void anImageOverThePixelLimitIsRefusedByItsHeaderNamingFileAndLimit() throws IOException {
        writeGray(root.resolve("small/a.png"), 4, 4, 1);
        writeGray(root.resolve("small/b.png"), 20, 10, 1);

        assertThatThrownBy(() -> ImageFolderReader.read(root, 4, 1, new DatasetLimits(10, 100)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("b.png")
                .hasMessageContaining("is 20x10 = 200 pixels, more than the limit of 100 pixels per image");
    }

    @Test
    void aHeaderClaimingAGiganticImageIsRefusedWithoutDecodingIt() throws IOException {
        Path file = root.resolve("bomb/huge.png");
        writeGray(file, 8, 8, 1);
        Files.write(file, withPngSize(Files.readAllBytes(file), 60_000, 60_000));

        assertThatThrownBy(() -> ImageFolderReader.read(root, 4, 1))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("huge.png")
                .hasMessageContaining("is 60000x60000 = 3600000000 pixels, more than the limit of 16777216");
    }

    @Test
    void moreImagesThanTheLimitAreRefusedBeforeAnyIsDecoded() throws IOException {
        for (int i = 0; i < 3; i++) {
            Files.createDirectories(root.resolve("many"));
            Files.writeString(root.resolve("many/" + i + ".png"), "never decoded");
        }

        assertThatThrownBy(() -> ImageFolderReader.read(root, 4, 1, new DatasetLimits(2, 100)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("holds 3 images, more than the limit of 2 images");
    }

    /** The PNG with another width and height in its IHDR chunk (and the chunk's CRC fixed). */
    private static byte[] withPngSize(byte[] png, int width, int height) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(png);
        buffer.putInt(16, width).putInt(20, height);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png, 12, 17);
        buffer.putInt(29, (int) crc.getValue());
        return png;
    }

    private static void writeGray(Path file, int width, int height, int level) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, level);
            }
        }
        ImageIO.write(image, "png", file.toFile());
    }
}
