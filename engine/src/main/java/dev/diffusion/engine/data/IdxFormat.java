package dev.diffusion.engine.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * The IDX format of the MNIST files ({@code *-ubyte}): a big-endian magic {@code 0x000008DD}
 * (two zero bytes, type 0x08 = unsigned byte, DD = number of dimensions), DD big-endian 32-bit
 * sizes, then the bytes in row-major order. Images are 3-dimensional [N, H, W] (magic 0x00000803)
 * or, for colour, 4-dimensional [N, C, H, W] (0x00000804); labels 1-dimensional [N] (0x00000801).
 * Files may be gzipped (recognised by the gzip magic 1f 8b, whatever the name).
 *
 * <p>Reading is strict: an empty file, a bad magic, a truncated file, a corrupt gzip stream or
 * bytes after the data raise a {@link DatasetException} naming the file and the problem.
 */
public final class IdxFormat {

    /** Magic of an unsigned-byte 1-dimensional file (labels). */
    public static final int LABELS_MAGIC = 0x00000801;
    /** Magic of an unsigned-byte 3-dimensional file (gray images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic of an unsigned-byte 4-dimensional file (images with channels). */
    public static final int CHANNEL_IMAGES_MAGIC = 0x00000804;

    private static final int UNSIGNED_BYTE = 0x08;

    private IdxFormat() {}

    /**
     * Images read from an IDX file.
     *
     * @param count N
     * @param channels C (1 for a 3-dimensional file)
     * @param height H
     * @param width W
     * @param pixels N·C·H·W levels, NCHW
     */
    public record Images(int count, int channels, int height, int width, byte[] pixels) {}

    /**
     * Reads an images file.
     *
     * @param file a 3- or 4-dimensional unsigned-byte IDX file, optionally gzipped
     * @return the images
     * @throws DatasetException if the file is not a valid images file
     * @throws IOException if it cannot be read
     */
    public static Images readImages(Path file) throws IOException {
        return readImages(file, DatasetLimits.defaults());
    }

    /**
     * Reads an images file whose header is within limits.
     *
     * @param file the file, gzipped or not
     * @param limits images and pixels per image the header may state, checked before the body is read
     * @return the images
     * @throws DatasetException if the file is not a valid images file or its header is over a limit
     * @throws IOException if it cannot be read
     */
    public static Images readImages(Path file, DatasetLimits limits) throws IOException {
        try (DataInputStream in = open(file)) {
            int dimensions = readMagic(in, file, "images (3 or 4 dimensions)", 3, 4);
            int[] sizes = readSizes(in, file, dimensions);
            int channels = dimensions == 4 ? sizes[1] : 1;
            int height = sizes[dimensions - 2];
            int width = sizes[dimensions - 1];
            if (sizes[0] > limits.maxImages()) {
                throw new DatasetException(file, "holds " + sizes[0] + " images, more than the limit of "
                        + limits.maxImages() + " images");
            }
            if ((long) height * width > limits.maxPixelsPerImage()) {
                throw new DatasetException(file, "images are " + height + "x" + width + " = " + (long) height * width
                        + " pixels, more than the limit of " + limits.maxPixelsPerImage() + " pixels per image");
            }
            byte[] pixels = readBody(in, file, sizes, "pixel");
            return new Images(sizes[0], channels, height, width, pixels);
        } catch (ZipException | EOFException e) {
            throw corrupt(file, e);
        }
    }

    /**
     * Reads a labels file.
     *
     * @param file a 1-dimensional unsigned-byte IDX file, optionally gzipped
     * @return the labels, each in [0, 255]
     * @throws DatasetException if the file is not a valid labels file
     * @throws IOException if it cannot be read
     */
    public static int[] readLabels(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            readMagic(in, file, "labels (1 dimension)", 1, 1);
            int[] sizes = readSizes(in, file, 1);
            byte[] bytes = readBody(in, file, sizes, "label");
            int[] labels = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                labels[i] = bytes[i] & 0xff;
            }
            return labels;
        } catch (ZipException | EOFException e) {
            throw corrupt(file, e);
        }
    }

    /**
     * Writes an images file: 3-dimensional when there is one channel, else 4-dimensional.
     *
     * @param file the file to create or replace
     * @param images the images
     * @param gzip whether to gzip the file
     * @throws IOException if it cannot be written
     */
    public static void writeImages(Path file, Images images, boolean gzip) throws IOException {
        boolean gray = images.channels() == 1;
        int[] sizes = gray
                ? new int[] {images.count(), images.height(), images.width()}
                : new int[] {images.count(), images.channels(), images.height(), images.width()};
        write(file, gray ? IMAGES_MAGIC : CHANNEL_IMAGES_MAGIC, sizes, images.pixels(), gzip);
    }

    /**
     * Writes a labels file.
     *
     * @param file the file to create or replace
     * @param labels the labels, each in [0, 255]
     * @param gzip whether to gzip the file
     * @throws IOException if it cannot be written
     */
    public static void writeLabels(Path file, int[] labels, boolean gzip) throws IOException {
        byte[] bytes = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > 255) {
                throw new IllegalArgumentException(
                        "label " + labels[i] + " at index " + i + " does not fit in an unsigned byte");
            }
            bytes[i] = (byte) labels[i];
        }
        write(file, LABELS_MAGIC, new int[] {labels.length}, bytes, gzip);
    }

    private static void write(Path file, int magic, int[] sizes, byte[] body, boolean gzip)
            throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        try (DataOutputStream out = new DataOutputStream(gzip ? new GZIPOutputStream(raw, 1 << 16) : raw)) {
            out.writeInt(magic);
            for (int size : sizes) {
                out.writeInt(size);
            }
            out.write(body);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(file, "no such file");
        }
        if (Files.size(file) == 0) {
            throw new DatasetException(file, "file is empty");
        }
        BufferedInputStream buffered = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        InputStream in = first == 0x1f && second == 0x8b ? new GZIPInputStream(buffered, 1 << 16) : buffered;
        return new DataInputStream(in);
    }

    private static int readMagic(DataInputStream in, Path file, String expected, int minDims, int maxDims)
            throws IOException {
        int magic = in.readInt();
        int type = (magic >>> 8) & 0xff;
        int dimensions = magic & 0xff;
        if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE) {
            throw new DatasetException(file, String.format(
                    "bad magic 0x%08X: not an unsigned-byte IDX file (expected 0x000008xx)", magic));
        }
        if (dimensions < minDims || dimensions > maxDims) {
            throw new DatasetException(file, String.format(
                    "magic 0x%08X is a %d-dimensional IDX file, expected %s", magic, dimensions, expected));
        }
        return dimensions;
    }

    private static int[] readSizes(DataInputStream in, Path file, int dimensions) throws IOException {
        int[] sizes = new int[dimensions];
        for (int d = 0; d < dimensions; d++) {
            sizes[d] = in.readInt();
            if (sizes[d] < 0 || (d > 0 && sizes[d] == 0)) {
                throw new DatasetException(file, "invalid size " + sizes[d] + " of dimension " + d);
            }
        }
        if (sizes[0] == 0) {
            throw new DatasetException(file, "contains no items");
        }
        return sizes;
    }

    private static byte[] readBody(DataInputStream in, Path file, int[] sizes, String what)
            throws IOException {
        long total = 1;
        for (int size : sizes) {
            total *= size;
            if (total > Integer.MAX_VALUE - 16) {
                throw new DatasetException(file, "dimensions are too large to load into memory");
            }
        }
        byte[] body = in.readNBytes((int) total);
        if (body.length < total) {
            throw new DatasetException(file, "truncated: expected " + total + " " + what
                    + " bytes after the header, found " + body.length);
        }
        if (in.read() != -1) {
            throw new DatasetException(file, "unexpected data after the " + total + " " + what + " bytes");
        }
        return body;
    }

    private static DatasetException corrupt(Path file, IOException e) {
        String problem;
        if (e instanceof EOFException) {
            problem = e.getMessage() == null
                    ? "truncated: the file ends inside the header"
                    : "truncated: " + e.getMessage();
        } else {
            problem = "corrupt gzip data (" + e.getMessage() + ")";
        }
        return new DatasetException(file, problem, e);
    }
}
