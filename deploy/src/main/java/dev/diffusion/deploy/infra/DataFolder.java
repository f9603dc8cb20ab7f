package dev.diffusion.deploy.infra;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The folder holding every server's data: checked once up front so a bad path fails before any start. */
public final class DataFolder {

    public static final String COMPONENT = "data folder";

    private DataFolder() {
    }

    /** Creates the folder if needed and proves it writable by writing a probe file. */
    public static void requireWritable(Path folder) {
        try {
            Files.createDirectories(folder);
            Path probe = Files.createTempFile(folder, ".write-probe", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new InfrastructureException(COMPONENT, folder.toAbsolutePath() + " is not writable: "
                    + InfrastructureException.describe(e), e);
        }
    }

    /** Deletes everything in {@code folder} but the entries named in {@code keep}; the folder itself stays. */
    public static void deleteContents(Path folder, Set<String> keep) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        List<Path> entries;
        try (Stream<Path> listing = Files.list(folder)) {
            entries = listing.filter(entry -> !keep.contains(entry.getFileName().toString())).toList();
        }
        for (Path entry : entries) {
            deleteRecursively(entry);
        }
    }

    public static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
