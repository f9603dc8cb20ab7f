package dev.diffusion.engine.render;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffusion.engine.diffusion.SamplingFrame;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Tiles a batch of images (float NCHW in [−1, 1], the engine's image convention) into one {@link
 * BufferedImage}: 1 channel gives {@code TYPE_BYTE_GRAY}, 3 channels {@code TYPE_INT_RGB}. Values
 * map to bytes by round((clamp(v, −1, 1) + 1)/2 · 255), the {@code (t + 1) / 2} reverse transform
 * of "The Annotated Diffusion Model" with clamping.
 */
public final class ImageGrid {

    private ImageGrid() {}

    /**
     * Tiles images held in an NDArray (copied to the host).
     *
     * @param images [N, C, H, W] or [C, H, W], C = 1 or 3
     * @param layout the grid layout
     * @return the grid image
     */
    public static BufferedImage render(NDArray images, GridLayout layout) {
        float[] pixels = images.getDataType() == DataType.FLOAT32
                ? images.toFloatArray()
                : images.toType(DataType.FLOAT32, false).toFloatArray();
        return render(pixels, images.getShape(), layout);
    }

    /**
     * Tiles images held in a host array.
     *
     * @param pixels values in NCHW order
     * @param shape [N, C, H, W] or [C, H, W], C = 1 or 3
     * @param layout the grid layout
     * @return the grid image
     */
    public static BufferedImage render(float[] pixels, Shape shape, GridLayout layout) {
        Shape nchw = checkedShape(shape, pixels.length);
        return render(nchw, layout, offset -> toByte(pixels[offset]));
    }

    /**
     * Tiles images already converted to byte levels ({@link #toByte}), e.g. assembled from chunks sampled one
     * after the other; gives the same image as the floats they came from.
     *
     * @param levels levels 0–255 as bytes, NCHW order
     * @param shape [N, C, H, W] or [C, H, W], C = 1 or 3
     * @param layout the grid layout
     * @return the grid image
     */
    public static BufferedImage renderLevels(byte[] levels, Shape shape, GridLayout layout) {
        Shape nchw = checkedShape(shape, levels.length);
        return render(nchw, layout, offset -> levels[offset] & 0xff);
    }

    /**
     * The size of the grid {@code count} images of {@code height}×{@code width} make.
     *
     * @param count images, positive
     * @param height image height
     * @param width image width
     * @param layout the grid layout
     * @return {width, height} of the grid in pixels
     */
    public static int[] gridSize(int count, int height, int width, GridLayout layout) {
        int columns = Math.min(layout.columns(), count);
        int rows = (count + columns - 1) / columns;
        int pad = layout.padding();
        return new int[] {columns * (width + pad) + pad, rows * (height + pad) + pad};
    }

    private static Shape checkedShape(Shape shape, int values) {
        Shape nchw = shape.dimension() == 3 ? new Shape(1, shape.get(0), shape.get(1), shape.get(2)) : shape;
        if (nchw.dimension() != 4) {
            throw new IllegalArgumentException("images must be [N, C, H, W] or [C, H, W], got " + shape);
        }
        long channels = nchw.get(1);
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException(
                    "images must have 1 (gray) or 3 (RGB) channels, got " + channels);
        }
        if (nchw.get(0) < 1 || nchw.get(2) < 1 || nchw.get(3) < 1) {
            throw new IllegalArgumentException("images must not be empty, got " + shape);
        }
        if (values != nchw.size()) {
            throw new IllegalArgumentException(
                    "shape " + shape + " needs " + nchw.size() + " values, got " + values);
        }
        return nchw;
    }

    private static BufferedImage render(Shape nchw, GridLayout layout, IntUnaryOperator levelAt) {
        int count = Math.toIntExact(nchw.get(0));
        int channels = Math.toIntExact(nchw.get(1));
        int height = Math.toIntExact(nchw.get(2));
        int width = Math.toIntExact(nchw.get(3));
        int columns = Math.min(layout.columns(), count);
        int pad = layout.padding();
        int[] size = gridSize(count, height, width, layout);
        BufferedImage image = new BufferedImage(size[0], size[1],
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        WritableRaster raster = image.getRaster();
        fill(raster, toByte(layout.padValue()));
        int plane = height * width;
        for (int n = 0; n < count; n++) {
            int left = pad + (n % columns) * (width + pad);
            int top = pad + (n / columns) * (height + pad);
            int base = n * channels * plane;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int offset = base + y * width + x;
                    if (channels == 1) {
                        raster.setSample(left + x, top + y, 0, levelAt.applyAsInt(offset));
                    } else {
                        int rgb = levelAt.applyAsInt(offset) << 16
                                | levelAt.applyAsInt(offset + plane) << 8
                                | levelAt.applyAsInt(offset + 2 * plane);
                        image.setRGB(left + x, top + y, rgb);
                    }
                }
            }
        }
        return image;
    }

    /**
     * Tiles every frame of a sampling run, e.g. for {@link GifWriter}.
     *
     * @param frames frames from {@code SamplingResult.frames()}
     * @param layout the grid layout
     * @return one grid image per frame, in order
     */
    public static List<BufferedImage> render(List<SamplingFrame> frames, GridLayout layout) {
        List<BufferedImage> images = new ArrayList<>(frames.size());
        for (SamplingFrame frame : frames) {
            images.add(render(frame.pixels(), frame.shape(), layout));
        }
        return images;
    }

    /**
     * Converts one value from [−1, 1] to a byte level.
     *
     * @param value the value; NaN counts as −1, values outside [−1, 1] are clamped
     * @return the level in [0, 255]
     */
    public static int toByte(float value) {
        if (Float.isNaN(value)) {
            return 0;
        }
        float clamped = Math.max(-1f, Math.min(1f, value));
        return Math.round((clamped + 1f) * 0.5f * 255f);
    }

    private static void fill(WritableRaster raster, int level) {
        int[] row = new int[raster.getWidth() * raster.getNumBands()];
        Arrays.fill(row, level);
        for (int y = 0; y < raster.getHeight(); y++) {
            raster.setPixels(0, y, raster.getWidth(), 1, row);
        }
    }
}
