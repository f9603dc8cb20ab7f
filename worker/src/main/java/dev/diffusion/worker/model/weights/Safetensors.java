package dev.diffusion.worker.model.weights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    private static final ObjectMapper JSON = new ObjectMapper();
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
        JsonNode header;
        try {
            header = JSON.readTree(headerText);
        } catch (JsonProcessingException e) {
            throw malformed(file, "header is not JSON: " + e.getOriginalMessage());
        }
        if (header == null || !header.isObject()) {
            throw malformed(file, "header is not a JSON object");
        }
        int dataStart = (int) (8 + headerLength);
        int dataLength = bytes.limit() - dataStart;
        StateDict result = new StateDict();
        Iterator<Map.Entry<String, JsonNode>> fields = header.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!METADATA.equals(field.getKey())) {
                String name = field.getKey();
                result.put(name, tensor(file, name, field.getValue(), bytes, dataStart, dataLength));
            }
        }
        return result;
    }

    private static Tensor tensor(
            Path file, String name, JsonNode info, ByteBuffer bytes, int dataStart, int dataLength) {
        String where = "tensor '" + name + "'";
        JsonNode dtypeNode = info.get("dtype");
        JsonNode shapeNode = info.get("shape");
        JsonNode offsets = info.get("data_offsets");
        if (dtypeNode == null || shapeNode == null || !shapeNode.isArray()
                || offsets == null || !offsets.isArray() || offsets.size() != 2) {
            throw malformed(file, where + " needs dtype, shape and data_offsets [begin, end]");
        }
        ElementType type;
        try {
            type = ElementType.valueOf(dtypeNode.asText());
        } catch (IllegalArgumentException e) {
            throw malformed(file, where + " has unsupported dtype " + dtypeNode.asText()
                    + " (supported: F32, F64, F16, BF16, I64, I32)");
        }
        long[] shape = new long[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong(-1);
            if (shape[i] < 0) {
                throw malformed(file, where + " has an invalid shape " + shapeNode);
            }
            count *= shape[i];
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
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
        ObjectNode header = JSON.createObjectNode();
        long offset = 0;
        for (Map.Entry<String, Tensor> entry : stateDict.asMap().entrySet()) {
            Tensor tensor = entry.getValue();
            ObjectNode info = header.putObject(entry.getKey());
            info.put("dtype", "F32");
            ArrayNode shape = info.putArray("shape");
            for (long d : tensor.shape()) {
                shape.add(d);
            }
            long end = offset + 4L * tensor.data().length;
            info.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json = JSON.writeValueAsBytes(header);
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
}
