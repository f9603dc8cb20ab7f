package dev.diffusion.worker.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Uploads the files of a folder (recursively) under a key prefix, e.g. an imported data set. */
public final class FolderUpload {

    private FolderUpload() {
    }

    /**
     * Uploads every regular, non-hidden file of {@code folder} to {@code bucket/prefix + relative path},
     * creating the bucket if needed.
     *
     * @param prefix key prefix ending with {@code /}
     * @return what was stored, in path order
     */
    public static List<StoredObject> upload(ObjectStore store, Path folder, String bucket, String prefix)
            throws IOException {
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("prefix must end with '/', got '" + prefix + "'");
        }
        store.ensureBuckets(List.of(bucket));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
        List<StoredObject> stored = new ArrayList<>();
        for (Path file : files) {
            String relative = folder.relativize(file).toString().replace(java.io.File.separatorChar, '/');
            stored.add(store.upload(bucket, prefix + relative, file, contentType(file)));
        }
        return stored;
    }

    /** The MIME type stored with a data-set file. */
    static String contentType(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            return "application/gzip";
        }
        if (name.endsWith(".txt")) {
            return "text/plain";
        }
        if (name.endsWith(".png")) {
            return "image/png";
        }
        if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        return "application/octet-stream";
    }
}
