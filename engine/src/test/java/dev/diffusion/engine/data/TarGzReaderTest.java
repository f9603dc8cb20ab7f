package dev.diffusion.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

class TarGzReaderTest {

    @TempDir Path dir;

    @Test
    void visitsRegularFilesWithTheirExactContent() throws IOException {
        String longName = "package/" + "deep/".repeat(25) + "file.json";
        Path archive = new TarGzBuilder()
                .directory("package/")
                .file("package/a.txt", "alpha")
                .file("package/empty", "")
                .file(longName, "x".repeat(1000))
                .writeTo(dir.resolve("a.tgz"));

        Map<String, String> entries = new LinkedHashMap<>();
        TarGzReader.read(archive, (name, size, content) -> {
            String text = new String(content.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text).hasSize((int) size);
            entries.put(name, text);
        });

        assertThat(entries).containsOnlyKeys("package/a.txt", "package/empty", longName);
        assertThat(entries.get("package/a.txt")).isEqualTo("alpha");
        assertThat(entries.get(longName)).hasSize(1000);
    }

    @Test
    void partlyReadEntriesDoNotDisturbTheNextOne() throws IOException {
        Path archive = new TarGzBuilder()
                .file("first", "0123456789".repeat(100))
                .file("second", "tail")
                .writeTo(dir.resolve("b.tgz"));
        Map<String, String> entries = new LinkedHashMap<>();

        TarGzReader.read(archive, (name, size, content) ->
                entries.put(name, new String(content.readNBytes(4), StandardCharsets.UTF_8)));

        assertThat(entries).containsEntry("first", "0123").containsEntry("second", "tail");
    }

    @Test
    void garbageIsReportedWithTheArchiveName() throws IOException {
        Path notGzip = Files.writeString(dir.resolve("plain.tgz"), "not gzip at all");
        assertThatThrownBy(() -> TarGzReader.read(notGzip, (n, s, c) -> { }))
                .hasMessageContaining("plain.tgz");

        Path notTar = dir.resolve("text.tgz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(notTar))) {
            out.write("hello".repeat(200).getBytes(StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> TarGzReader.read(notTar, (n, s, c) -> { }))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("text.tgz")
                .hasMessageContaining("not a tar archive or corrupt");
    }
}
