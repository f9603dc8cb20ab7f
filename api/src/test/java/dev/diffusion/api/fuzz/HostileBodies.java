package dev.diffusion.api.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** Malformed JSON and mutated valid specs, all drawn from one {@link Random}. */
final class HostileBodies {

    static final String TRAINING = "{\"dataset\":\"shapes\",\"steps\":20,\"seed\":1,\"batchSize\":4,"
            + "\"schedule\":{\"timesteps\":50,\"betaStart\":0.0001,\"betaEnd\":0.02},"
            + "\"model\":{\"numClasses\":3,\"channelMultipliers\":[1,2]},\"optimizer\":{\"learningRate\":0.001},"
            + "\"conditionDropout\":0.1}";
    static final String GENERATION = "{\"modelId\":\"" + UUID.nameUUIDFromBytes("fuzz".getBytes()) + "\","
            + "\"steps\":10,\"numImages\":2,\"seed\":3}";
    static final String EVALUATION = "{\"modelId\":\"" + UUID.nameUUIDFromBytes("fuzz".getBytes()) + "\"}";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Random random;

    HostileBodies(Random random) {
        this.random = random;
    }

    /** A body that is not valid JSON, or valid JSON no spec can be read from; with what it is. */
    String[] malformed(String base) {
        return switch (random.nextInt(16)) {
            case 0 -> pair("truncated", base.substring(0, random.nextInt(base.length())));
            case 1 -> pair("trailing content", base + pick("{}", " 1", "[]", " true", "x", base));
            case 2 -> pair("NaN literal", base.replaceFirst("\\d+", pick("NaN", "Infinity", "-Infinity")));
            case 3 -> pair("huge number", base.replaceFirst("\\d+", pick("1e999", "-1e999", "1e-999",
                    "99999999999999999999999", "-9223372036854775809", "4.9e-324", "0.0000000000000000001")));
            case 4 -> pair("10k-digit number", base.replaceFirst("\\d+", "9".repeat(10_000)));
            case 5 -> pair("deep nesting", "{\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}");
            case 6 -> pair("deep object nesting", "{\"model\":" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_001));
            case 7 -> pair("very long string", base.replaceFirst("\"[a-z]+\"", "\"" + "a".repeat(200_000) + "\""));
            case 8 -> pair("control characters", base.replaceFirst("\"([a-z]+)\"", "\"$1\u0000\u001b\u0007\""));
            case 9 -> pair("unknown field", base.replaceFirst("\\{", java.util.regex.Matcher.quoteReplacement("{\"" + pick("unknown", "__proto__",
                    "constructor", "$where", "id", "tenantId", "status") + "\":1,")));
            case 10 -> pair("wrong top-level type", pick("[]", "null", "1", "\"spec\"", "true", "[" + base + "]"));
            case 11 -> pair("empty", pick("", " ", "\n", "{}", "{", "}"));
            case 12 -> pair("duplicate keys", base.replaceFirst("\\{", "{\"steps\":1,\"steps\":2,"));
            case 13 -> pair("comments and quotes", pick("{'dataset':'shapes'}", "{dataset:\"shapes\"}",
                    "{\"dataset\":\"shapes\" /* c */}", "{\"dataset\":\"shapes\",}"));
            case 14 -> pair("escaped surrogates", base.replaceFirst("\"([a-z]+)\"", "\"\\\\ud800\\\\udfff\\\\ud800\""));
            default -> pair("random bytes as text", randomText(random.nextInt(200)));
        };
    }

    /** A valid spec with one value deleted or replaced by a random value of another kind. */
    String[] mutated(String base) {
        ObjectNode spec = read(base);
        List<String> paths = new ArrayList<>();
        collect(spec, "", paths);
        String path = paths.get(random.nextInt(paths.size()));
        JsonNode value = random.nextInt(5) == 0 ? null : randomValue(0);
        set(spec, path, value);
        return pair("mutated spec", path + (value == null ? " deleted" : " = " + abbreviate(value.toString())),
                spec.toString());
    }

    /** Bytes that are not UTF-8 inside an otherwise valid spec. */
    byte[] invalidUtf8(String base) {
        byte[] bad = switch (random.nextInt(4)) {
            case 0 -> new byte[] {(byte) 0xff, (byte) 0xfe};
            case 1 -> new byte[] {(byte) 0xc3};
            case 2 -> new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80};
            default -> new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80};
        };
        byte[] head = base.substring(0, base.indexOf(':') + 2).getBytes(StandardCharsets.UTF_8);
        byte[] tail = base.substring(base.indexOf(':') + 2).getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bad, 0, all, head.length, bad.length);
        System.arraycopy(tail, 0, all, head.length + bad.length, tail.length);
        return all;
    }

    private JsonNode randomValue(int depth) {
        return switch (random.nextInt(depth > 2 ? 9 : 11)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(pick(Integer.MAX_VALUE, Integer.MIN_VALUE, 0, -1, 1));
            case 3 -> NODES.numberNode(pick(Long.MAX_VALUE, Long.MIN_VALUE));
            case 4 -> NODES.numberNode(pick(Double.MAX_VALUE, Double.MIN_VALUE, -0.0, 1e-300, 0.5, -1e300));
            case 5 -> NODES.numberNode(new BigInteger("9".repeat(1 + random.nextInt(400))));
            case 6 -> NODES.numberNode(new BigDecimal("1e" + (random.nextBoolean() ? "" : "-") + random.nextInt(99_999)));
            case 7 -> NODES.textNode(pick("", " ", "shapes", "../../etc/passwd", "s3://../x", "🤖", "\u0000",
                    "a".repeat(10_000), new UUID(random.nextLong(), random.nextLong()).toString(), "NaN", "1e999", "s3://b/" + "k".repeat(2_000)));
            case 8 -> NODES.textNode(randomText(random.nextInt(64)));
            case 9 -> list(depth);
            default -> object(depth);
        };
    }

    private ArrayNode list(int depth) {
        ArrayNode array = NODES.arrayNode();
        for (int i = random.nextInt(4); i > 0; i--) {
            array.add(randomValue(depth + 1));
        }
        return array;
    }

    private ObjectNode object(int depth) {
        ObjectNode object = NODES.objectNode();
        for (int i = random.nextInt(4); i > 0; i--) {
            object.set(pick("a", "steps", "dataset", "", "🤖"), randomValue(depth + 1));
        }
        return object;
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(random.nextInt(4) == 0 ? random.nextInt(0x20) : 0x20 + random.nextInt(0x2fff));
        }
        return text.toString().replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void collect(JsonNode node, String prefix, List<String> paths) {
        if (node instanceof ObjectNode object) {
            object.fieldNames().forEachRemaining(name -> {
                String path = prefix.isEmpty() ? name : prefix + "." + name;
                paths.add(path);
                collect(object.get(name), path, paths);
            });
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                paths.add(prefix + "[" + i + "]");
            }
        }
    }

    private static void set(ObjectNode spec, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ContainerNode<?> parent = spec;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = (ContainerNode<?>) parent.get(parts[i]);
        }
        String last = parts[parts.length - 1];
        if (last.endsWith("]")) {
            ArrayNode array = (ArrayNode) parent.get(last.substring(0, last.indexOf('[')));
            int index = Integer.parseInt(last.substring(last.indexOf('[') + 1, last.length() - 1));
            if (value == null) {
                array.remove(index);
            } else {
                array.set(index, value);
            }
        } else if (value == null) {
            ((ObjectNode) parent).remove(last);
        } else {
            ((ObjectNode) parent).set(last, value);
        }
    }

    private static ObjectNode read(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("the base spec is not JSON: " + json, e);
        }
    }

    @SafeVarargs
    private <T> T pick(T... values) {
        return values[random.nextInt(values.length)];
    }

    private static String[] pair(String what, String body) {
        return new String[] {what, what, body};
    }

    private static String[] pair(String what, String detail, String body) {
        return new String[] {what, detail, body};
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }
}
