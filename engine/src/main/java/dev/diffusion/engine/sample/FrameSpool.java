package dev.diffusion.engine.sample;

import dev.diffusion.engine.diffusion.SamplingFrame;
import dev.diffusion.engine.render.ImageGrid;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The frames of chunks sampled one after the other, kept on disk as byte levels ({@link ImageGrid#toByte}) until
 * the GIF is written: frame f of the animation needs frame f of every chunk, and only the last chunk's arrive
 * last. One file per chunk, its frames one after the other.
 */
final class FrameSpool implements AutoCloseable {

    private final Path folder;
    private final int imageBytes;
    private final List<Integer> chunkImages = new ArrayList<>();
    private final List<Integer> chunkFrames = new ArrayList<>();

    FrameSpool(Path folder, int imageBytes) throws IOException {
        this.folder = Files.createDirectories(folder);
        this.imageBytes = imageBytes;
    }

    /** Starts the next chunk, of {@code images} images. */
    void startChunk(int images) {
        chunkImages.add(images);
        chunkFrames.add(0);
    }

    /** Appends a frame of the current chunk. */
    void append(SamplingFrame frame) {
        int chunk = chunkImages.size() - 1;
        float[] pixels = frame.pixels();
        byte[] levels = new byte[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            levels[i] = (byte) ImageGrid.toByte(pixels[i]);
        }
        try (RandomAccessFile file = new RandomAccessFile(file(chunk).toFile(), "rw")) {
            file.seek((long) chunkFrames.get(chunk) * levels.length);
            file.write(levels);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep a frame of chunk " + chunk + " in " + folder, e);
        }
        chunkFrames.set(chunk, chunkFrames.get(chunk) + 1);
    }

    /** Frames of the animation: as many as the first chunk has (a later one stops earlier only when cancelled). */
    int frames() {
        return chunkFrames.isEmpty() ? 0 : chunkFrames.get(0);
    }

    /**
     * Frame {@code f} of every chunk into {@code target} (all images, chunk after chunk); a chunk that stopped
     * earlier shows its last frame, one that never started keeps what {@code target} holds.
     */
    void read(int f, byte[] target) throws IOException {
        int offset = 0;
        for (int chunk = 0; chunk < chunkImages.size(); chunk++) {
            int length = chunkImages.get(chunk) * imageBytes;
            int available = chunkFrames.get(chunk);
            if (available > 0) {
                try (RandomAccessFile file = new RandomAccessFile(file(chunk).toFile(), "r")) {
                    file.seek((long) Math.min(f, available - 1) * length);
                    file.readFully(target, offset, length);
                }
            }
            offset += length;
        }
    }

    private Path file(int chunk) {
        return folder.resolve("chunk-" + chunk + ".frames");
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
