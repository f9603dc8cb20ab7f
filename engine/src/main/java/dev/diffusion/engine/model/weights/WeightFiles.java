package dev.diffusion.engine.model.weights;

import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * PyTorch state-dict files for DJL blocks, by extension: {@code .safetensors} or {@code .npz}.
 *
 * <pre>{@code
 * WeightFiles.load(network, Path.of("context_model.safetensors")); // import
 * WeightFiles.save(network, Path.of("model.npz"));                 // export
 * }</pre>
 */
public final class WeightFiles {

    private WeightFiles() {}

    /**
     * Reads a state dict.
     *
     * @param file a .safetensors or .npz file
     * @return its tensors
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException for another extension or a malformed file
     */
    public static StateDict read(Path file) throws IOException {
        return switch (format(file)) {
            case SAFETENSORS -> Safetensors.read(file);
            case NPZ -> Npz.read(file);
        };
    }

    /**
     * Writes a state dict as float32.
     *
     * @param stateDict the tensors
     * @param file a .safetensors or .npz target
     * @throws IOException when writing fails
     */
    public static void write(StateDict stateDict, Path file) throws IOException {
        switch (format(file)) {
            case SAFETENSORS -> Safetensors.write(stateDict, file);
            case NPZ -> Npz.write(stateDict, file);
        }
    }

    /**
     * Imports PyTorch weights into an initialised block.
     *
     * @param block the network, initialised
     * @param file a .safetensors or .npz state dict
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when names or shapes do not match
     */
    public static void load(Block block, Path file) throws IOException {
        StateDict stateDict = read(file);
        try {
            StateDicts.load(block, stateDict);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Exports an initialised block's weights under PyTorch names.
     *
     * @param block the network, initialised
     * @param file a .safetensors or .npz target
     * @throws IOException when writing fails
     */
    public static void save(Block block, Path file) throws IOException {
        write(StateDicts.export(block), file);
    }

    /** The two state-dict formats. */
    public enum Format {
        /** {@code .safetensors}: an 8-byte little-endian header length, a JSON header, the data. */
        SAFETENSORS,
        /** {@code .npz}: a zip of {@code .npy} arrays. */
        NPZ
    }

    /**
     * Reads a state dict in a given format, whatever the file is called.
     *
     * @param file the file
     * @param format its format
     * @return its tensors
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when the content is malformed
     */
    public static StateDict read(Path file, Format format) throws IOException {
        return switch (format) {
            case SAFETENSORS -> Safetensors.read(file);
            case NPZ -> Npz.read(file);
        };
    }

    /**
     * The format a file's first bytes show: a zip's {@code PK} signature is npz, a plausible little-endian header
     * length (up to 100 MB) followed by a JSON object is safetensors.
     *
     * @param file the file
     * @return the format, or empty when the bytes are neither
     * @throws IOException when the file cannot be read
     */
    public static java.util.Optional<Format> detect(Path file) throws IOException {
        byte[] head = new byte[9];
        int read;
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, head.length);
        }
        if (read >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5) && (head[3] == 4 || head[3] == 6)) {
            return java.util.Optional.of(Format.NPZ);
        }
        if (read == head.length && head[8] == '{') {
            long length = java.nio.ByteBuffer.wrap(head, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
            // a header length that overruns the file is still safetensors: truncated, which read() reports
            if (length > 1 && length <= 100L * 1024 * 1024) {
                return java.util.Optional.of(Format.SAFETENSORS);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * Whether a file name has one of the state-dict extensions.
     *
     * @param file the file
     * @return true for {@code .safetensors} and {@code .npz}
     */
    public static boolean isWeightFile(Path file) {
        return formatOf(file) != null;
    }

    private static Format format(Path file) {
        Format format = formatOf(file);
        if (format == null) {
            throw new IllegalArgumentException("Weight file " + file + " must end in .safetensors or .npz");
        }
        return format;
    }

    private static Format formatOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".safetensors")) {
            return Format.SAFETENSORS;
        }
        return name.endsWith(".npz") ? Format.NPZ : null;
    }
}
