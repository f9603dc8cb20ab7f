package dev.diffusion.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

class IdxDatasetTest {

    @TempDir Path dir;

    @Test
    void grayDataSetRoundTripsThroughPlainIdxFiles() throws IOException {
        LabeledImageDataset dataset = LabeledImageDatasetTest.tenImages();

        IdxDataset.writeFolder(dataset, dir, false);

        Path images = dir.resolve(IdxDataset.IMAGES_FILE);
        byte[] raw = Files.readAllBytes(images);
        ByteBuffer header = ByteBuffer.wrap(raw);
        assertThat(header.getInt()).isEqualTo(0x00000803);
        assertThat(new int[] {header.getInt(), header.getInt(), header.getInt()}).containsExactly(10, 2, 3);
        assertThat(raw).hasSize(16 + 60);
        assertThat(ByteBuffer.wrap(Files.readAllBytes(dir.resolve(IdxDataset.LABELS_FILE))).getInt())
                .isEqualTo(0x00000801);
        assertSame(dataset, IdxDataset.readFolder(dir));
    }

    @Test
    void aHeaderOverTheLimitsIsRefusedBeforeTheBodyIsRead() throws IOException {
        IdxDataset.writeFolder(LabeledImageDatasetTest.tenImages(), dir, true);

        assertThatThrownBy(() -> IdxDataset.readFolder(dir, new DatasetLimits(9, 100)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("holds 10 images, more than the limit of 9 images");
        assertThatThrownBy(() -> IdxDataset.readFolder(dir, new DatasetLimits(10, 5)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("images are 2x3 = 6 pixels, more than the limit of 5 pixels per image");
        assertThat(IdxDataset.readFolder(dir, new DatasetLimits(10, 6)).size()).isEqualTo(10);
    }

    @Test
    void gzippedColourDataSetRoundTrips() throws IOException {
        byte[] pixels = new byte[2 * 3 * 2 * 2];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 10);
        }
        LabeledImageDataset dataset = LabeledImageDataset.of(pixels, new int[] {1, 0}, 3, 2, 2, List.of("x", "y"));

        IdxDataset.writeFolder(dataset, dir, true);

        byte[] raw = Files.readAllBytes(dir.resolve(IdxDataset.CHANNEL_IMAGES_FILE + ".gz"));
        assertThat(raw[0] & 0xff).isEqualTo(0x1f);
        assertThat(raw[1] & 0xff).isEqualTo(0x8b);
        assertThat(IdxFormat.readImages(dir.resolve(IdxDataset.CHANNEL_IMAGES_FILE + ".gz")).channels()).isEqualTo(3);
        assertSame(dataset, IdxDataset.readFolder(dir));
    }

    @Test
    void classesDefaultToNumbersUpToTheLargestLabel() throws IOException {
        Path images = dir.resolve("imgs");
        Path labels = dir.resolve("lbls");
        IdxFormat.writeImages(images, new IdxFormat.Images(3, 1, 1, 2, new byte[6]), false);
        IdxFormat.writeLabels(labels, new int[] {0, 4, 2}, true);

        LabeledImageDataset dataset = IdxDataset.read(images, labels, null);

        assertThat(dataset.classNames()).containsExactly("0", "1", "2", "3", "4");
        assertThatThrownBy(() -> IdxDataset.read(images, labels, List.of("a", "b")))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("lbls")
                .hasMessageContaining("label 4 has no class name");
    }

    @Test
    void emptyFileIsNamed() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty-idx3-ubyte"));
        assertThatThrownBy(() -> IdxFormat.readImages(empty))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("empty-idx3-ubyte")
                .hasMessageContaining("file is empty")
                .satisfies(e -> assertThat(((DatasetException) e).file()).isEqualTo(empty));
    }

    @Test
    void wrongMagicIsReported() throws IOException {
        Path labels = dir.resolve("labels");
        IdxFormat.writeLabels(labels, new int[] {1, 2}, false);
        assertThatThrownBy(() -> IdxFormat.readImages(labels))
                .hasMessageContaining(labels.toString())
                .hasMessageContaining("magic 0x00000801 is a 1-dimensional IDX file, expected images");

        Path floats = write("floats", bytes(0x00000D03, 1, 1, 1), new byte[4]);
        assertThatThrownBy(() -> IdxFormat.readImages(floats)).hasMessageContaining("bad magic 0x00000D03");

        Path text = write("text", "hello world".getBytes());
        assertThatThrownBy(() -> IdxFormat.readLabels(text)).hasMessageContaining("bad magic");
    }

    @Test
    void truncatedDataIsReported() throws IOException {
        Path shortBody = write("short", bytes(0x00000803, 2, 2, 2), new byte[7]);
        assertThatThrownBy(() -> IdxFormat.readImages(shortBody))
                .hasMessageContaining("short")
                .hasMessageContaining("truncated: expected 8 pixel bytes after the header, found 7");

        Path shortHeader = write("header", bytes(0x00000803, 2));
        assertThatThrownBy(() -> IdxFormat.readImages(shortHeader)).hasMessageContaining("ends inside the header");

        Path extra = write("extra", bytes(0x00000801, 2), new byte[3]);
        assertThatThrownBy(() -> IdxFormat.readLabels(extra)).hasMessageContaining("unexpected data after the 2 label bytes");

        Path none = write("none", bytes(0x00000801, 0));
        assertThatThrownBy(() -> IdxFormat.readLabels(none)).hasMessageContaining("contains no items");
    }

    @Test
    void corruptAndTruncatedGzipAreReported() throws IOException {
        Path gz = dir.resolve("images.gz");
        byte[] pixels = new byte[4000];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 31 + i / 7);
        }
        IdxFormat.writeImages(gz, new IdxFormat.Images(10, 1, 20, 20, pixels), true);
        byte[] raw = Files.readAllBytes(gz);

        byte[] corrupt = raw.clone();
        for (int i = 20; i < 40; i++) {
            corrupt[i] ^= (byte) 0x5a;
        }
        Path corrupted = write("corrupt.gz", corrupt);
        assertThatThrownBy(() -> IdxFormat.readImages(corrupted))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("corrupt.gz");

        Path truncated = write("truncated.gz", Arrays.copyOf(raw, raw.length / 2));
        assertThatThrownBy(() -> IdxFormat.readImages(truncated))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("truncated.gz")
                .hasMessageContaining("truncated");
    }

    @Test
    void imageAndLabelCountsMustMatch() throws IOException {
        Path images = dir.resolve("i.gz");
        Path labels = dir.resolve("l.gz");
        IdxFormat.writeImages(images, new IdxFormat.Images(3, 1, 1, 1, new byte[3]), true);
        IdxFormat.writeLabels(labels, new int[] {0, 1}, true);
        assertThatThrownBy(() -> IdxDataset.read(images, labels, null))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("i.gz: holds 3 images but")
                .hasMessageContaining("l.gz holds 2 labels");
    }

    @Test
    void missingFilesAreNamed() throws IOException {
        assertThatThrownBy(() -> IdxFormat.readLabels(dir.resolve("absent"))).hasMessageContaining("absent: no such file");
        assertThatThrownBy(() -> IdxDataset.readFolder(dir)).hasMessageContaining("no images-idx3-ubyte");
    }

    private static void assertSame(LabeledImageDataset expected, LabeledImageDataset actual) {
        assertThat(actual.size()).isEqualTo(expected.size());
        assertThat(actual.channels()).isEqualTo(expected.channels());
        assertThat(actual.height()).isEqualTo(expected.height());
        assertThat(actual.width()).isEqualTo(expected.width());
        assertThat(actual.pixels()).containsExactly(expected.pixels());
        assertThat(actual.labels()).containsExactly(expected.labels());
        assertThat(actual.classNames()).isEqualTo(expected.classNames());
    }

    private static byte[] bytes(int... ints) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * ints.length);
        for (int value : ints) {
            buffer.putInt(value);
        }
        return buffer.array();
    }

    private Path write(String name, byte[]... parts) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (byte[] part : parts) {
                out.write(part);
            }
        }
        return file;
    }
}
