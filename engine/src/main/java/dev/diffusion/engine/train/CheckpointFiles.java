package dev.diffusion.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes {@link Checkpoint}s as one zip file: {@code checkpoint.json} (the metadata) and
 * {@code model.ndlist}, {@code ema.ndlist}, {@code optimizer.ndlist}, each an int count followed by
 * length-prefixed arrays in DJL's own array encoding (names, shapes, types and exact values). Arrays
 * are streamed one at a time, so memory use is bounded by the largest tensor, not the model. Files
 * are written to a temporary name and moved into place, so a crash never leaves a truncated
 * checkpoint under the final name.
 */
public final class CheckpointFiles {

    /** Conventional file extension. */
    public static final String EXTENSION = ".ckpt";

    static final String METADATA_ENTRY = "checkpoint.json";
    static final String MODEL_ENTRY = "model.ndlist";
    static final String EMA_ENTRY = "ema.ndlist";
    static final String OPTIMIZER_ENTRY = "optimizer.ndlist";
    private static final Set<String> TENSOR_ENTRIES = Set.of(MODEL_ENTRY, EMA_ENTRY, OPTIMIZER_ENTRY);

    private static final Gson JSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private CheckpointFiles() {}

    /**
     * Writes a checkpoint file.
     *
     * @param file the target; parent folders are created
     * @param checkpoint what to write
     * @throws IOException when writing fails
     */
    public static void write(Path file, Checkpoint checkpoint) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".part");
        try {
            try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(temp));
                    ZipOutputStream zip = new ZipOutputStream(raw)) {
                zip.putNextEntry(new ZipEntry(METADATA_ENTRY));
                zip.write(toJson(checkpoint.metadata()).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                writeList(zip, MODEL_ENTRY, checkpoint.model());
                writeList(zip, EMA_ENTRY, checkpoint.ema());
                writeList(zip, OPTIMIZER_ENTRY, checkpoint.optimizer());
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void writeList(ZipOutputStream zip, String name, NDList list) throws IOException {
        if (list == null) {
            return;
        }
        zip.putNextEntry(new ZipEntry(name));
        DataOutputStream out = new DataOutputStream(zip);
        out.writeInt(list.size());
        for (NDArray array : list) {
            byte[] bytes = array.encode();
            out.writeInt(bytes.length);
            out.write(bytes);
        }
        out.flush();
        zip.closeEntry();
    }

    private static NDList readList(ZipInputStream zip, NDManager manager) throws IOException {
        DataInputStream in = new DataInputStream(zip);
        int count = in.readInt();
        NDList list = new NDList(count);
        for (int i = 0; i < count; i++) {
            int length = in.readInt();
            list.add(manager.decode(in.readNBytes(length)));
        }
        return list;
    }

    /**
     * Reads only the metadata (cheap: tensors are skipped).
     *
     * @param file a checkpoint file
     * @return its metadata
     * @throws IOException when the file cannot be read or is not a checkpoint
     */
    public static CheckpointMetadata readMetadata(Path file) throws IOException {
        try (ZipInputStream zip = open(file)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (METADATA_ENTRY.equals(e.getName())) {
                    return parseMetadata(file, zip.readAllBytes());
                }
            }
        }
        throw new IOException(file + " is not a checkpoint: it has no " + METADATA_ENTRY);
    }

    /**
     * Reads a whole checkpoint; its tensors live in {@code manager}.
     *
     * @param file a checkpoint file
     * @param manager owner of the tensors
     * @return the checkpoint
     * @throws IOException when the file cannot be read or is not a valid checkpoint
     */
    public static Checkpoint read(Path file, NDManager manager) throws IOException {
        CheckpointMetadata metadata = null;
        Map<String, NDList> lists = new HashMap<>();
        try (NDManager loading = manager.newSubManager(); ZipInputStream zip = open(file)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (METADATA_ENTRY.equals(e.getName())) {
                    metadata = parseMetadata(file, zip.readAllBytes());
                } else if (TENSOR_ENTRIES.contains(e.getName())) {
                    lists.put(e.getName(), readList(zip, loading));
                }
            }
            if (metadata == null || !lists.containsKey(MODEL_ENTRY)) {
                throw new IOException(file + " is not a checkpoint: it lacks "
                        + (metadata == null ? METADATA_ENTRY : MODEL_ENTRY));
            }
            lists.values().forEach(list -> list.attach(manager));
            return new Checkpoint(metadata, lists.get(MODEL_ENTRY), lists.get(EMA_ENTRY), lists.get(OPTIMIZER_ENTRY));
        } catch (EOFException | IllegalArgumentException | ZipException e) {
            throw new IOException(file + " is not a valid checkpoint: " + e.getMessage(), e);
        }
    }

    /** The metadata as JSON; the spec is embedded as the object it is, so the file stays readable. */
    static String toJson(CheckpointMetadata meta) {
        JsonObject json = new JsonObject();
        json.addProperty("formatVersion", meta.formatVersion());
        json.addProperty("kind", meta.kind());
        json.addProperty("step", meta.step());
        if (meta.rngState() != null) {
            JsonArray words = new JsonArray();
            for (long word : meta.rngState()) {
                words.add(word);
            }
            json.add("rngState", words);
        }
        json.addProperty("optimizerSteps", meta.optimizerSteps());
        json.addProperty("emaUpdates", meta.emaUpdates());
        if (meta.lastLoss() != null) {
            json.addProperty("lastLoss", meta.lastLoss());
        }
        json.add("spec", JsonParser.parseString(meta.spec()));
        return JSON.toJson(json);
    }

    private static CheckpointMetadata parseMetadata(Path file, byte[] bytes) throws IOException {
        CheckpointMetadata meta;
        try {
            JsonObject json = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8)).getAsJsonObject();
            int version = required(json, "formatVersion").getAsInt();
            if (version != CheckpointMetadata.FORMAT_VERSION) {
                throw new IOException(file + ": checkpoint format version " + version
                        + " is not supported (this worker reads version " + CheckpointMetadata.FORMAT_VERSION + ")");
            }
            long[] rngState = null;
            if (json.has("rngState") && !json.get("rngState").isJsonNull()) {
                JsonArray words = json.getAsJsonArray("rngState");
                rngState = new long[words.size()];
                for (int i = 0; i < rngState.length; i++) {
                    rngState[i] = words.get(i).getAsLong();
                }
            }
            JsonElement lastLoss = json.get("lastLoss");
            JsonElement spec = json.get("spec");
            meta = new CheckpointMetadata(version, required(json, "kind").getAsString(), required(json, "step").getAsLong(),
                    rngState, required(json, "optimizerSteps").getAsLong(), required(json, "emaUpdates").getAsLong(),
                    lastLoss == null || lastLoss.isJsonNull() ? null : lastLoss.getAsDouble(),
                    spec == null || !spec.isJsonObject() ? null : spec.toString());
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException
                | IllegalArgumentException e) {
            throw new IOException(file + ": unreadable " + METADATA_ENTRY + ": " + e.getMessage(), e);
        }
        return meta;
    }

    private static JsonElement required(JsonObject json, String name) {
        JsonElement value = json.get(name);
        if (value == null || value.isJsonNull()) {
            throw new IllegalArgumentException("field '" + name + "' is missing");
        }
        return value;
    }

    private static ZipInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("checkpoint file not found: " + file);
        }
        InputStream in = Files.newInputStream(file);
        return new ZipInputStream(in);
    }
}
