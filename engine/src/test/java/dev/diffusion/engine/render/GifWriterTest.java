package dev.diffusion.engine.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Node;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;

class GifWriterTest {

    @TempDir Path dir;

    @Test
    void writesEveryFrameWithItsDelayAndLoopsForever() throws IOException {
        List<BufferedImage> frames = grayFrames(3);
        Path file = dir.resolve("denoise.gif");
        GifWriter writer = GifWriter.builder().optFramesPerSecond(4).optLastFrameHoldMillis(1500).build();

        writer.write(frames, file);

        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertThat(reader.getNumImages(true)).isEqualTo(3);
            for (int i = 0; i < 3; i++) {
                assertThat(reader.getWidth(i)).isEqualTo(frames.get(0).getWidth());
                assertThat(reader.getHeight(i)).isEqualTo(frames.get(0).getHeight());
                IIOMetadataNode root = metadata(reader, i);
                IIOMetadataNode control = child(root, "GraphicControlExtension");
                assertThat(control.getAttribute("delayTime")).isEqualTo(i == 2 ? "150" : "25");
                assertThat(control.getAttribute("disposalMethod")).isEqualTo("none");
            }
            IIOMetadataNode loop = child(child(metadata(reader, 0), "ApplicationExtensions"), "ApplicationExtension");
            assertThat(loop.getAttribute("applicationID")).isEqualTo("NETSCAPE");
            assertThat(loop.getAttribute("authenticationCode")).isEqualTo("2.0");
            assertThat((byte[]) loop.getUserObject()).containsExactly(1, 0, 0);
            reader.dispose();
        }
    }

    @Test
    void grayFramesKeepTheirExactLevels() throws IOException {
        List<BufferedImage> frames = grayFrames(2);
        byte[] gif = GifWriter.builder().build().encode(frames);

        List<BufferedImage> decoded = readAll(gif);

        for (int f = 0; f < 2; f++) {
            BufferedImage original = frames.get(f);
            for (int y = 0; y < original.getHeight(); y++) {
                for (int x = 0; x < original.getWidth(); x++) {
                    int level = original.getRaster().getSample(x, y, 0);
                    assertThat(decoded.get(f).getRGB(x, y) & 0xffffff).isEqualTo(level << 16 | level << 8 | level);
                }
            }
        }
    }

    @Test
    void colourFramesMapToTheNearestPaletteColour() throws IOException {
        BufferedImage frame = new BufferedImage(3, 1, BufferedImage.TYPE_INT_RGB);
        frame.setRGB(0, 0, 0xff0000);
        frame.setRGB(1, 0, 0x808080);
        frame.setRGB(2, 0, 0x3366cc);

        BufferedImage decoded = readAll(GifWriter.builder().build().encode(List.of(frame))).get(0);

        assertThat(decoded.getRGB(0, 0) & 0xffffff).isEqualTo(0xff0000);
        assertThat(decoded.getRGB(2, 0) & 0xffffff).isEqualTo(0x3366cc);
        int gray = decoded.getRGB(1, 0) & 0xff;
        assertThat(decoded.getRGB(1, 0) & 0xffffff).isEqualTo(gray << 16 | gray << 8 | gray);
        assertThat(Math.abs(gray - 0x80)).isLessThanOrEqualTo(4);
    }

    @Test
    void loopCountAndDisposalAreConfigurable() throws IOException {
        byte[] gif = GifWriter.builder()
                .optLoopCount(3)
                .optDisposal(GifWriter.Disposal.DO_NOT_DISPOSE)
                .optFramesPerSecond(1000)
                .build()
                .encode(grayFrames(2));
        try (ImageInputStream in = ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(gif))) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            IIOMetadataNode root = metadata(reader, 0);
            assertThat(child(root, "GraphicControlExtension").getAttribute("delayTime")).isEqualTo("2");
            assertThat(child(root, "GraphicControlExtension").getAttribute("disposalMethod")).isEqualTo("doNotDispose");
            assertThat((byte[]) child(child(root, "ApplicationExtensions"), "ApplicationExtension").getUserObject())
                    .containsExactly(1, 3, 0);
            reader.dispose();
        }
    }

    @Test
    void framesAppendedOneByOneGiveTheSameFileAsTheWholeList() throws IOException {
        GifWriter writer = GifWriter.builder().optFramesPerSecond(5).optLastFrameHoldMillis(1500).build();
        List<BufferedImage> frames = grayFrames(4);
        writer.write(frames, dir.resolve("whole.gif"));

        try (GifWriter.Sequence sequence = writer.open(dir.resolve("appended.gif"))) {
            for (int i = 0; i < frames.size(); i++) {
                sequence.append(frames.get(i), i == frames.size() - 1);
            }
            assertThat(sequence.frames()).isEqualTo(4);
            assertThatThrownBy(() -> sequence.append(frames.get(0), true)).isInstanceOf(IllegalStateException.class);
        }

        assertThat(dir.resolve("appended.gif")).hasSameBinaryContentAs(dir.resolve("whole.gif"));
    }

    @Test
    void badFramesAndSettingsAreRejected() {
        GifWriter writer = GifWriter.builder().build();
        assertThatThrownBy(() -> writer.encode(List.of())).hasMessageContaining("at least one frame");
        List<BufferedImage> mixed = List.of(new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY),
                new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY));
        assertThatThrownBy(() -> writer.encode(mixed)).hasMessageContaining("frame 1 is 3x2");
        assertThatThrownBy(() -> GifWriter.builder().optFramesPerSecond(0).build()).hasMessageContaining("frames per second");
        assertThatThrownBy(() -> GifWriter.builder().optLoopCount(70000).build()).hasMessageContaining("loop count");
    }

    /** Grid frames of two gray 3x3 images with distinct levels per frame. */
    private static List<BufferedImage> grayFrames(int count) {
        List<BufferedImage> frames = new ArrayList<>();
        for (int f = 0; f < count; f++) {
            float[] pixels = new float[18];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = -1f + 2f * ((i * 7 + f * 31) % 256) / 255f;
            }
            frames.add(ImageGrid.render(pixels, new Shape(2, 1, 3, 3), GridLayout.ofColumns(2)));
        }
        return frames;
    }

    private static List<BufferedImage> readAll(byte[] gif) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(gif))) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            List<BufferedImage> frames = new ArrayList<>();
            for (int i = 0; i < reader.getNumImages(true); i++) {
                frames.add(reader.read(i));
            }
            reader.dispose();
            return frames;
        }
    }

    private static IIOMetadataNode metadata(ImageReader reader, int index) throws IOException {
        return (IIOMetadataNode) reader.getImageMetadata(index).getAsTree("javax_imageio_gif_image_1.0");
    }

    private static IIOMetadataNode child(IIOMetadataNode parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node.getNodeName().equals(name)) {
                return (IIOMetadataNode) node;
            }
        }
        throw new AssertionError("no " + name + " under " + parent.getNodeName());
    }
}
