package dev.diffusion.engine.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes a {@link LabeledImageDataset} as IDX files ({@link IdxFormat}).
 *
 * <p>A data-set folder holds {@value #IMAGES_FILE} (or {@value #CHANNEL_IMAGES_FILE} for colour),
 * {@value #LABELS_FILE}, each optionally with a {@code .gz} suffix, and optionally {@value
 * #CLASSES_FILE} with one class name per line (index = label). Without it the classes are named
 * "0" … "max label".
 */
public final class IdxDataset {

    /** Gray images file name. */
    public static final String IMAGES_FILE = "images-idx3-ubyte";
    /** Colour images file name. */
    public static final String CHANNEL_IMAGES_FILE = "images-idx4-ubyte";
    /** Labels file name. */
    public static final String LABELS_FILE = "labels-idx1-ubyte";
    /** Class names file name. */
    public static final String CLASSES_FILE = "classes.txt";

    private IdxDataset() {}

    /**
     * Reads an images file and a labels file.
     *
     * @param images the IDX images file
     * @param labels the IDX labels file
     * @param classNames the class names, or null for "0" … "max label"
     * @return the data set
     * @throws DatasetException if a file is invalid, the counts differ or a label has no class
     * @throws IOException if a file cannot be read
     */
    public static LabeledImageDataset read(Path images, Path labels, List<String> classNames)
            throws IOException {
        return read(images, labels, classNames, DatasetLimits.defaults());
    }

    /**
     * Reads an images file within limits and a labels file.
     *
     * @param images the IDX images file
     * @param labels the IDX labels file
     * @param classNames the class names, or null for "0" … "max label"
     * @param limits images and pixels per image the images file may state
     * @return the data set
     * @throws DatasetException if a file is invalid or over a limit, the counts differ or a label has no class
     * @throws IOException if a file cannot be read
     */
    public static LabeledImageDataset read(Path images, Path labels, List<String> classNames, DatasetLimits limits)
            throws IOException {
        IdxFormat.Images pixels = IdxFormat.readImages(images, limits);
        int[] values = IdxFormat.readLabels(labels);
        if (pixels.count() != values.length) {
            throw new DatasetException(images, "holds " + pixels.count() + " images but "
                    + labels + " holds " + values.length + " labels");
        }
        if (pixels.channels() != 1 && pixels.channels() != 3) {
            throw new DatasetException(images, "images have " + pixels.channels()
                    + " channels, expected 1 or 3");
        }
        int maxLabel = 0;
        for (int value : values) {
            maxLabel = Math.max(maxLabel, value);
        }
        List<String> names = classNames != null ? classNames : LabeledImageDataset.numberedClasses(maxLabel + 1);
        if (maxLabel >= names.size()) {
            throw new DatasetException(labels, "label " + maxLabel + " has no class name (there are "
                    + names.size() + " classes)");
        }
        return LabeledImageDataset.of(
                pixels.pixels(), values, pixels.channels(), pixels.height(), pixels.width(), names);
    }

    /**
     * Reads a data-set folder.
     *
     * @param folder the folder with the images, labels and optional classes files
     * @return the data set
     * @throws DatasetException if a file is missing or invalid
     * @throws IOException if a file cannot be read
     */
    public static LabeledImageDataset readFolder(Path folder) throws IOException {
        return readFolder(folder, DatasetLimits.defaults());
    }

    /**
     * Reads a data-set folder within limits.
     *
     * @param folder the folder with the images, labels and optional classes files
     * @param limits images and pixels per image the images file may state
     * @return the data set
     * @throws DatasetException if a file is missing, invalid or over a limit
     * @throws IOException if a file cannot be read
     */
    public static LabeledImageDataset readFolder(Path folder, DatasetLimits limits) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new DatasetException(folder, "not a folder");
        }
        Path images = find(folder, IMAGES_FILE);
        if (images == null) {
            images = find(folder, CHANNEL_IMAGES_FILE);
        }
        if (images == null) {
            throw new DatasetException(folder, "no " + IMAGES_FILE + "[.gz] or " + CHANNEL_IMAGES_FILE + "[.gz]");
        }
        Path labels = find(folder, LABELS_FILE);
        if (labels == null) {
            throw new DatasetException(folder, "no " + LABELS_FILE + "[.gz]");
        }
        Path classes = folder.resolve(CLASSES_FILE);
        return read(images, labels, Files.isRegularFile(classes) ? readClassNames(classes) : null, limits);
    }

    /**
     * Writes a data set into a folder (created if needed), replacing earlier files.
     *
     * @param dataset the data set
     * @param folder the target folder
     * @param gzip whether to gzip the IDX files
     * @throws IOException if a file cannot be written
     */
    public static void writeFolder(LabeledImageDataset dataset, Path folder, boolean gzip) throws IOException {
        Files.createDirectories(folder);
        String suffix = gzip ? ".gz" : "";
        for (String name : List.of(IMAGES_FILE, CHANNEL_IMAGES_FILE, LABELS_FILE)) {
            Files.deleteIfExists(folder.resolve(name));
            Files.deleteIfExists(folder.resolve(name + ".gz"));
        }
        String imagesName = dataset.channels() == 1 ? IMAGES_FILE : CHANNEL_IMAGES_FILE;
        IdxFormat.writeImages(folder.resolve(imagesName + suffix), new IdxFormat.Images(
                dataset.size(), dataset.channels(), dataset.height(), dataset.width(), dataset.pixels()), gzip);
        IdxFormat.writeLabels(folder.resolve(LABELS_FILE + suffix), dataset.labels(), gzip);
        Files.write(folder.resolve(CLASSES_FILE), dataset.classNames(), StandardCharsets.UTF_8);
    }

    private static List<String> readClassNames(Path file) throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                names.add(line.strip());
            }
        }
        if (names.isEmpty()) {
            throw new DatasetException(file, "lists no class names");
        }
        return names;
    }

    private static Path find(Path folder, String name) {
        for (Path candidate : List.of(folder.resolve(name), folder.resolve(name + ".gz"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
