package dev.diffusion.engine.model.weights;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * The {@code .safetensors} format: an 8-byte little-endian header length, a JSON header {@code
 * {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}} and the raw
 * little-endian data, offsets relative to the end of the header. Reads F32, F64, F16, BF16, I64 and
 * I32 (as float); writes F32.
 */
public final class Safetensors {

    private static final Gson JSON = new GsonBuilder().disableHtmlEscaping().create();
    private static final String METADATA = "__metadata__";
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    private Safetensors() {}

    /**
     * Reads a file.
     *
     * @param file the .safetensors file
     * @return its tensors in header order
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when the content is malformed, naming the file and tensor
     */
    public static StateDict read(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.remaining() < 8) {
            throw malformed(file, "shorter than the 8-byte header length");
        }
        long headerLength = bytes.getLong(0);
        if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > bytes.limit()) {
            throw malformed(file, "header length " + headerLength + " does not fit the file size " + bytes.limit());
        }
        String headerText = new String(bytes.array(), 8, (int) headerLength, StandardCharsets.UTF_8);
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(headerText.strip());
        } catch (JsonParseException e) {
            throw malformed(file, "header is not JSON: " + rootMessage(e));
        }
        if (parsed == null || !parsed.isJsonObject()) {
            throw malformed(file, "header is not a JSON object");
        }
        JsonObject header = parsed.getAsJsonObject();
        int dataStart = (int) (8 + headerLength);
        int dataLength = bytes.limit() - dataStart;
        StateDict result = new StateDict();
        for (Map.Entry<String, JsonElement> field : header.entrySet()) {
            if (!METADATA.equals(field.getKey())) {
                String name = field.getKey();
                result.put(name, tensor(file, name, field.getValue(), bytes, dataStart, dataLength));
            }
        }
        return result;
    }

    private static Tensor tensor(
            Path file, String name, JsonElement element, ByteBuffer bytes, int dataStart, int dataLength) {
        String where = "tensor '" + name + "'";
        JsonObject info = element.isJsonObject() ? element.getAsJsonObject() : new JsonObject();
        JsonElement dtypeNode = info.get("dtype");
        JsonElement shapeElement = info.get("shape");
        JsonElement offsetsElement = info.get("data_offsets");
        if (dtypeNode == null || !dtypeNode.isJsonPrimitive() || shapeElement == null || !shapeElement.isJsonArray()
                || offsetsElement == null || !offsetsElement.isJsonArray()
                || offsetsElement.getAsJsonArray().size() != 2) {
            throw malformed(file, where + " needs dtype, shape and data_offsets [begin, end]");
        }
        JsonArray shapeNode = shapeElement.getAsJsonArray();
        JsonArray offsets = offsetsElement.getAsJsonArray();
        ElementType type;
        try {
            type = ElementType.valueOf(dtypeNode.getAsString());
        } catch (IllegalArgumentException e) {
            throw malformed(file, where + " has unsupported dtype " + dtypeNode.getAsString()
                    + " (supported: F32, F64, F16, BF16, I64, I32)");
        }
        long[] shape = new long[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = asLong(shapeNode.get(i));
            if (shape[i] < 0) {
                throw malformed(file, where + " has an invalid shape " + shapeNode);
            }
            count *= shape[i];
        }
        long begin = asLong(offsets.get(0));
        long end = asLong(offsets.get(1));
        if (begin < 0 || end < begin || end > dataLength) {
            throw malformed(file, where + " has data_offsets " + offsets + " outside the "
                    + dataLength + "-byte data section");
        }
        if (end - begin != count * type.bytes()) {
            throw malformed(file, where + " spans " + (end - begin) + " bytes but shape " + shapeNode
                    + " of " + type + " needs " + count * type.bytes());
        }
        ByteBuffer data = bytes.duplicate().position((int) (dataStart + begin));
        return new Tensor(shape, type.decode(data, (int) count));
    }

    /**
     * Writes tensors as F32 in the given order.
     *
     * @param stateDict the tensors
     * @param file the target file, replaced if present
     * @throws IOException when writing fails
     */
    public static void write(StateDict stateDict, Path file) throws IOException {
        JsonObject header = new JsonObject();
        long offset = 0;
        for (Map.Entry<String, Tensor> entry : stateDict.asMap().entrySet()) {
            Tensor tensor = entry.getValue();
            JsonObject info = new JsonObject();
            info.addProperty("dtype", "F32");
            JsonArray shape = new JsonArray();
            for (long d : tensor.shape()) {
                shape.add(d);
            }
            info.add("shape", shape);
            long end = offset + 4L * tensor.data().length;
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offsets.add(end);
            info.add("data_offsets", offsets);
            header.add(entry.getKey(), info);
            offset = end;
        }
        byte[] json = JSON.toJson(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(head.array());
            for (Tensor tensor : stateDict.asMap().values()) {
                ByteBuffer data = ByteBuffer.allocate(4 * tensor.data().length).order(ByteOrder.LITTLE_ENDIAN);
                data.asFloatBuffer().put(tensor.data());
                out.write(data.array());
            }
        }
    }

    private static IllegalArgumentException malformed(Path file, String problem) {
        return new IllegalArgumentException("Malformed safetensors file " + file + ": " + problem);
    }

    /** A non-negative integer, or -1 for anything else (a fraction, a string, an object). */
    private static long asLong(JsonElement value) {
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            return -1;
        }
        try {
            return new java.math.BigDecimal(value.getAsString()).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            return -1;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
