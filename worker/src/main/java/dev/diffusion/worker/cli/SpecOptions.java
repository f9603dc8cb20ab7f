package dev.diffusion.worker.cli;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.diffusion.common.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * Base of the picocli mixins whose options set fields of a JSON job spec, e.g. {@code --lr 2e-4} sets
 * {@code optimizer.learningRate}. The options override the values of an optional JSON file
 * ({@code --spec FILE}, declared by each mixin with its spec's name); the result is parsed with the
 * project's strict JSON settings, so that a wrong name is reported with the field it belongs to.
 */
abstract class SpecOptions {

    /** Where the spec options start in a command's help, after the command's own options. */
    static final int SPEC_ORDER = 100;

    private static final ObjectMapper JSON = JsonMapper.shared();

    @Spec(Spec.Target.SELF)
    private CommandSpec options;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    private final Map<String, JsonNode> overrides = new LinkedHashMap<>();
    private Path file;

    /**
     * Sets the JSON file the options override.
     *
     * @param file the {@code --spec} value
     */
    final void file(Path file) {
        this.file = file;
    }

    /** Sets a text field (names are checked when the spec is parsed). */
    final void text(String path, String value) {
        overrides.put(path, TextNode.valueOf(value.trim()));
    }

    /** Sets an integer field. */
    final void integer(String path, long value) {
        overrides.put(path, LongNode.valueOf(value));
    }

    /** Sets a number field. */
    final void number(String path, double value) {
        overrides.put(path, DoubleNode.valueOf(value));
    }

    /** Sets a list of integers, given comma-separated. */
    final void integers(String path, int[] values) {
        ArrayNode array = JSON.createArrayNode();
        for (int value : values) {
            array.add(value);
        }
        overrides.put(path, array);
    }

    /** Sets a boolean field, for options without a value. */
    final void bool(String path, boolean value) {
        overrides.put(path, BooleanNode.valueOf(value));
    }

    /**
     * The first of these options given on the command line, for commands that refuse them in some cases.
     *
     * @return its name, e.g. {@code --steps}
     */
    final Optional<String> firstGiven() {
        ParseResult parsed = command.commandLine().getParseResult();
        return options.options().stream().map(OptionSpec::longestName).filter(parsed::hasMatchedOption).findFirst();
    }

    /**
     * Reads the spec file (if any), applies the options and parses the result.
     *
     * @param type the spec record class
     * @param <T> the spec type
     * @return the spec as given (defaults not yet applied)
     * @throws UsageException when the file is missing or malformed or a value does not fit its field
     */
    final <T> T build(Class<T> type) {
        ObjectNode root = readFile(file);
        overrides.forEach((path, value) -> put(root, path, value));
        try {
            return JSON.treeToValue(root, type);
        } catch (JsonMappingException e) {
            throw new UsageException("invalid spec" + fieldOf(e) + ": " + rootMessage(e));
        } catch (IOException e) {
            throw new UsageException("invalid spec: " + e.getMessage());
        }
    }

    /** Writes a value at a dotted path, creating intermediate objects. */
    private static void put(ObjectNode root, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.has(parts[i]) && node.get(parts[i]).isObject()
                    ? (ObjectNode) node.get(parts[i])
                    : node.putObject(parts[i]);
        }
        node.set(parts[parts.length - 1], value);
    }

    private static ObjectNode readFile(Path path) {
        if (path == null) {
            return JSON.createObjectNode();
        }
        if (!Files.isRegularFile(path)) {
            throw new UsageException("spec file not found: " + path);
        }
        try {
            JsonNode node = JSON.readTree(path.toFile());
            if (node == null || !node.isObject()) {
                throw new UsageException("spec file " + path + " must hold a JSON object");
            }
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new UsageException("spec file " + path + " is not valid JSON: " + e.getMessage());
        }
    }

    private static String fieldOf(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        return path.isEmpty() ? "" : " field " + path;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t instanceof JsonMappingException jme ? jme.getOriginalMessage() : t.getMessage();
        int newline = message == null ? -1 : message.indexOf('\n');
        return newline > 0 ? message.substring(0, newline) : String.valueOf(message);
    }
}
