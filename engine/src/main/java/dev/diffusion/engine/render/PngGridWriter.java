package dev.diffusion.engine.render;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Writes image grids ({@link ImageGrid}) as PNG with {@code javax.imageio}; works headless. */
public final class PngGridWriter {

    private PngGridWriter() {}

    /**
     * Writes a batch of images as one PNG grid.
     *
     * @param images [N, C, H, W] in [−1, 1], C = 1 or 3
     * @param layout the grid layout
     * @param file the PNG file to create or replace
     * @throws IOException if the file cannot be written
     */
    public static void write(NDArray images, GridLayout layout, Path file) throws IOException {
        write(ImageGrid.render(images, layout), file);
    }

    /**
     * Writes host images as one PNG grid.
     *
     * @param pixels NCHW values in [−1, 1]
     * @param shape [N, C, H, W]
     * @param layout the grid layout
     * @param file the PNG file to create or replace
     * @throws IOException if the file cannot be written
     */
    public static void write(float[] pixels, Shape shape, GridLayout layout, Path file) throws IOException {
        write(ImageGrid.render(pixels, shape, layout), file);
    }

    /**
     * Writes an image as PNG.
     *
     * @param image the image
     * @param file the PNG file to create or replace; parent folders are created
     * @throws IOException if the file cannot be written
     */
    public static void write(BufferedImage image, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            write(image, out);
        } catch (IOException e) {
            throw new IOException("cannot write PNG " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Encodes an image as PNG bytes, e.g. for upload.
     *
     * @param image the image
     * @return the PNG file content
     */
    public static byte[] encode(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            write(image, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void write(BufferedImage image, OutputStream out) throws IOException {
        // An explicit memory-cached stream: ImageIO.write(…, OutputStream) may cache in a temp file.
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(image);
        } finally {
            writer.dispose();
        }
    }
}
