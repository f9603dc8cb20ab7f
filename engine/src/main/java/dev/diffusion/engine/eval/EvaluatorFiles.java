package dev.diffusion.engine.eval;

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

import dev.diffusion.engine.train.ParameterTransfer;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes an {@link Evaluator} as one zip file: {@code evaluator.json} (its {@link
 * EvaluatorInfo}, readable as it is) and {@code weights.ndlist}, an int count followed by
 * length-prefixed arrays in DJL's own encoding (names, shapes, exact values) — the layout of the
 * engine's checkpoints ({@code CheckpointFiles}), but a file of its own {@code kind} so that an
 * evaluator is never mistaken for a diffusion model. Written to a temporary name and moved into
 * place, so a crash never leaves a truncated file under the final name.
 */
public final class EvaluatorFiles {

    /** Conventional file extension. */
    public static final String EXTENSION = ".evaluator";

    static final int FORMAT_VERSION = 1;
    static final String KIND = "evaluator";
    static final String INFO_ENTRY = "evaluator.json";
    static final String WEIGHTS_ENTRY = "weights.ndlist";

    private static final Gson JSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private EvaluatorFiles() {}

    /**
     * Writes an evaluator.
     *
     * @param file the target; parent folders are created
     * @param evaluator what to write
     * @throws IOException when writing fails
     */
    public static void write(Path file, Evaluator evaluator) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".part");
        try (NDManager scope = evaluator.manager().newSubManager()) {
            NDList weights = ParameterTransfer.export(evaluator.network(), scope);
            try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(temp));
                    ZipOutputStream zip = new ZipOutputStream(raw)) {
                zip.putNextEntry(new ZipEntry(INFO_ENTRY));
                zip.write(toJson(evaluator.info()).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(WEIGHTS_ENTRY));
                DataOutputStream out = new DataOutputStream(zip);
                out.writeInt(weights.size());
                for (NDArray array : weights) {
                    byte[] bytes = array.encode();
                    out.writeInt(bytes.length);
                    out.write(bytes);
                }
                out.flush();
                zip.closeEntry();
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Reads an evaluator.
     *
     * @param file a file written by {@link #write}
     * @param manager the evaluator's weights live in a sub-manager of it
     * @return the evaluator, ready to score
     * @throws IOException when the file cannot be read or is not an evaluator
     */
    public static Evaluator read(Path file, NDManager manager) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("evaluator file not found: " + file);
        }
        EvaluatorInfo info = null;
        try (NDManager loading = manager.newSubManager();
                ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            NDList weights = null;
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (INFO_ENTRY.equals(e.getName())) {
                    info = parseInfo(file, zip.readAllBytes());
                } else if (WEIGHTS_ENTRY.equals(e.getName())) {
                    weights = readList(zip, loading);
                }
            }
            if (info == null || weights == null) {
                throw new IOException(file + " is not an evaluator: it lacks " + (info == null ? INFO_ENTRY : WEIGHTS_ENTRY));
            }
            Evaluator evaluator = Evaluator.allocate(info, manager);
            try {
                ParameterTransfer.load(weights, evaluator.network());
            } catch (IllegalArgumentException e) {
                evaluator.close();
                throw new IOException(file + ": the weights do not fit the evaluator it describes: " + e.getMessage(), e);
            }
            return evaluator;
        } catch (EOFException | ZipException e) {
            throw new IOException(file + " is not a valid evaluator file: " + e.getMessage(), e);
        }
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

    static String toJson(EvaluatorInfo info) {
        JsonObject json = new JsonObject();
        json.addProperty("formatVersion", FORMAT_VERSION);
        json.addProperty("kind", KIND);
        json.addProperty("channels", info.channels());
        json.addProperty("imageSize", info.imageSize());
        JsonArray names = new JsonArray();
        info.classNames().forEach(names::add);
        json.add("classNames", names);
        json.addProperty("width", info.width());
        json.addProperty("features", info.features());
        if (!Double.isNaN(info.heldOutAccuracy())) {
            json.addProperty("heldOutAccuracy", info.heldOutAccuracy());
        }
        json.addProperty("heldOutImages", info.heldOutImages());
        json.addProperty("dataset", info.dataset());
        return JSON.toJson(json);
    }

    private static EvaluatorInfo parseInfo(Path file, byte[] bytes) throws IOException {
        try {
            JsonObject json = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8)).getAsJsonObject();
            String kind = required(json, "kind").getAsString();
            int version = required(json, "formatVersion").getAsInt();
            if (!KIND.equals(kind) || version != FORMAT_VERSION) {
                throw new IOException(file + " is a '" + kind + "' file of format version " + version
                        + ", not an evaluator of version " + FORMAT_VERSION);
            }
            List<String> classNames = new ArrayList<>();
            for (JsonElement name : required(json, "classNames").getAsJsonArray()) {
                classNames.add(name.getAsString());
            }
            JsonElement accuracy = json.get("heldOutAccuracy");
            return new EvaluatorInfo(
                    required(json, "channels").getAsInt(),
                    required(json, "imageSize").getAsInt(),
                    classNames,
                    required(json, "width").getAsInt(),
                    required(json, "features").getAsInt(),
                    accuracy == null || accuracy.isJsonNull() ? Double.NaN : accuracy.getAsDouble(),
                    required(json, "heldOutImages").getAsInt(),
                    required(json, "dataset").getAsString());
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException
                | IllegalArgumentException e) {
            throw new IOException(file + ": unreadable " + INFO_ENTRY + ": " + e.getMessage(), e);
        }
    }

    private static JsonElement required(JsonObject json, String name) {
        JsonElement value = json.get(name);
        if (value == null || value.isJsonNull()) {
            throw new IllegalArgumentException("field '" + name + "' is missing");
        }
        return value;
    }
}
