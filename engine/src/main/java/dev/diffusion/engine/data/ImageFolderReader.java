package dev.diffusion.engine.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Iterator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads an image-folder data set: a root folder with one sub-folder per class (class name = folder
 * name, classes sorted by name, hidden folders skipped), each holding PNG/JPEG/BMP/GIF images
 * (other files are ignored).
 *
 * <p>Every image is resized so its shorter side equals {@code imageSize} (bilinear; large
 * reductions go through successive halvings so they average like an area filter) and center-cropped
 * to a square, as the {@code Resize(image_size)} + {@code CenterCrop(image_size)} of "The Annotated
 * Diffusion Model". Transparent pixels are composited over black. With one channel colours become
 * gray by ITU-R 601 luma L = 0.299R + 0.587G + 0.114B (as PIL's {@code convert("L")}).
 *
 * <p>{@link DatasetLimits} bound the work: the number of images is checked before any is decoded, and each
 * image's width and height are read from its header and checked before its pixels are.
 */
public final class ImageFolderReader {

    private static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

    private ImageFolderReader() {}

    /**
     * Reads the data set.
     *
     * @param root the root folder
     * @param imageSize side of the square output images, positive
     * @param channels 1 (gray) or 3 (RGB)
     * @return the data set, images ordered by class then file name
     * @throws DatasetException naming the folder or file if the root has no classes, a class has no
     *     images, or an image cannot be decoded
     * @throws IOException if a folder cannot be listed
     */
    public static LabeledImageDataset read(Path root, int imageSize, int channels) throws IOException {
        return read(root, imageSize, channels, DatasetLimits.defaults());
    }

    /**
     * Reads the data set within limits.
     *
     * @param root the root folder
     * @param imageSize side of the square output images, positive
     * @param channels 1 (gray) or 3 (RGB)
     * @param limits how many images, and how large, the folder may hold
     * @return the data set, images ordered by class then file name
     * @throws DatasetException naming the folder or file if the root has no classes, a class has no
     *     images, an image cannot be decoded, or a limit is exceeded (the message names the limit)
     * @throws IOException if a folder cannot be listed
     */
    public static LabeledImageDataset read(Path root, int imageSize, int channels, DatasetLimits limits)
            throws IOException {
        if (imageSize < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + imageSize);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (!Files.isDirectory(root)) {
            throw new DatasetException(root, "image folder does not exist or is not a folder");
        }
        List<Path> classFolders = list(root, path -> Files.isDirectory(path) && !isHidden(path));
        if (classFolders.isEmpty()) {
            throw new DatasetException(root, "contains no class sub-folders");
        }
        List<String> classNames = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path folder : classFolders) {
            List<Path> images = list(folder, path -> Files.isRegularFile(path) && isImage(path));
            if (images.isEmpty()) {
                throw new DatasetException(folder, "class folder contains no PNG/JPEG/BMP/GIF images");
            }
            for (Path image : images) {
                files.add(image);
                labels.add(classNames.size());
            }
            classNames.add(folder.getFileName().toString());
        }
        if (files.size() > limits.maxImages()) {
            throw new DatasetException(root, "holds " + files.size() + " images, more than the limit of "
                    + limits.maxImages() + " images");
        }
        int imageLength = channels * imageSize * imageSize;
        long total = (long) files.size() * imageLength;
        if (total > Integer.MAX_VALUE - 8) {
            throw new DatasetException(root, files.size() + " images of " + channels + "x" + imageSize + "x"
                    + imageSize + " need " + total + " bytes, more than one array holds; use fewer or smaller images");
        }
        byte[] pixels = new byte[(int) total];
        for (int i = 0; i < files.size(); i++) {
            BufferedImage square = resizeAndCrop(decode(files.get(i), limits.maxPixelsPerImage()), imageSize);
            writePixels(square, channels, pixels, i * imageLength);
        }
        int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
        return LabeledImageDataset.of(pixels, labelArray, channels, imageSize, imageSize, classNames);
    }

    /**
     * Resizes the shorter side to {@code size} and crops the center square.
     *
     * @param source any image
     * @param size the side of the result
     * @return an opaque {@code TYPE_INT_RGB} image of size × size
     */
    static BufferedImage resizeAndCrop(BufferedImage source, int size) {
        BufferedImage current = toRgb(source);
        int width = current.getWidth();
        int height = current.getHeight();
        double scale = (double) size / Math.min(width, height);
        int targetWidth = Math.max(size, (int) Math.round(width * scale));
        int targetHeight = Math.max(size, (int) Math.round(height * scale));
        while (current.getWidth() / 2 >= targetWidth && current.getHeight() / 2 >= targetHeight) {
            current = scale(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        if (current.getWidth() != targetWidth || current.getHeight() != targetHeight) {
            current = scale(current, targetWidth, targetHeight);
        }
        int left = (targetWidth - size) / 2;
        int top = (targetHeight - size) / 2;
        BufferedImage cropped = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = cropped.createGraphics();
        g.drawImage(current, -left, -top, null);
        g.dispose();
        return cropped;
    }

    private static BufferedImage toRgb(BufferedImage source) {
        // drawImage copies gray levels unchanged (getRGB on TYPE_BYTE_GRAY would apply a gamma).
        BufferedImage rgb = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.drawImage(source, 0, 0, null);
        g.dispose();
        return rgb;
    }

    private static BufferedImage scale(BufferedImage source, int width, int height) {
        BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(source, 0, 0, width, height, null);
        g.dispose();
        return scaled;
    }

    private static void writePixels(BufferedImage square, int channels, byte[] target, int offset) {
        int size = square.getWidth();
        int plane = size * size;
        int[] rgb = square.getRGB(0, 0, size, size, null, 0, size);
        for (int p = 0; p < plane; p++) {
            int r = (rgb[p] >> 16) & 0xff;
            int g = (rgb[p] >> 8) & 0xff;
            int b = rgb[p] & 0xff;
            if (channels == 1) {
                target[offset + p] = (byte) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
            } else {
                target[offset + p] = (byte) r;
                target[offset + plane + p] = (byte) g;
                target[offset + 2 * plane + p] = (byte) b;
            }
        }
    }

    private static BufferedImage decode(Path file, long maxPixels) throws DatasetException {
        try (ImageInputStream input = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = input == null ? null : ImageIO.getImageReaders(input);
            if (readers == null || !readers.hasNext()) {
                throw new DatasetException(file, "not a readable PNG/JPEG/BMP/GIF image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width * height > maxPixels) {
                    throw new DatasetException(file, "is " + width + "x" + height + " = " + width * height
                            + " pixels, more than the limit of " + maxPixels + " pixels per image");
                }
                BufferedImage image = reader.read(0);
                if (image == null) {
                    throw new DatasetException(file, "not a readable PNG/JPEG/BMP/GIF image");
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DatasetException dataset) {
                throw dataset;
            }
            throw new DatasetException(file, "cannot decode image (" + e.getMessage() + ")", e);
        }
    }

    private static List<Path> list(Path folder, Predicate<Path> filter) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(filter).sorted().toList();
        }
    }

    private static boolean isHidden(Path path) {
        return path.getFileName().toString().startsWith(".");
    }

    private static boolean isImage(Path path) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return !isHidden(path) && dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
