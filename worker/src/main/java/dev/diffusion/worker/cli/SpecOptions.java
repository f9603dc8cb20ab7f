package dev.diffusion.worker.cli;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.diffusion.common.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds a job spec from an optional JSON file ({@code --spec FILE}) and flags that override single
 * fields, then parses it with the project's strict JSON settings.
 */
public final class SpecOptions {

    /** The option naming the JSON file. */
    public static final String SPEC_FILE = "spec";

    private static final ObjectMapper JSON = JsonMapper.shared();

    private final List<SpecOption> options;

    /**
     * Creates the option table.
     *
     * @param options the flags
     */
    public SpecOptions(List<SpecOption> options) {
        this.options = List.copyOf(options);
    }

    /**
     * The flags taking a value (for {@link CliArguments#parse}).
     *
     * @return the names
     */
    public Set<String> valueFlags() {
        Set<String> names = options.stream().filter(o -> !o.isSwitch()).map(SpecOption::flag)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        names.add(SPEC_FILE);
        return names;
    }

    /**
     * Parses a command line of these spec flags plus a command's own value options; positional
     * arguments are refused.
     *
     * @param args the arguments after the command name
     * @param commandOptions the command's own options that take a value
     * @return the parsed arguments
     * @throws UsageException for an unknown option or a positional argument
     */
    public CliArguments parse(List<String> args, String... commandOptions) {
        Set<String> valueFlags = valueFlags();
        valueFlags.addAll(List.of(commandOptions));
        CliArguments parsed = CliArguments.parse(args, valueFlags, switchFlags());
        parsed.requireNoPositionals();
        return parsed;
    }

    /**
     * The switches (for {@link CliArguments#parse}).
     *
     * @return the names
     */
    public Set<String> switchFlags() {
        return options.stream().filter(SpecOption::isSwitch).map(SpecOption::flag)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * The help lines of all flags.
     *
     * @return the text
     */
    public String help() {
        StringBuilder sb = new StringBuilder();
        for (SpecOption o : options) {
            sb.append(o.helpLine());
        }
        return sb.toString();
    }

    /**
     * Reads the spec file (if any), applies the flags and parses the result.
     *
     * @param args parsed arguments
     * @param type the spec record class
     * @param <T> the spec type
     * @return the spec as given (defaults not yet applied)
     * @throws UsageException when the file is missing or malformed or a value has the wrong form
     */
    public <T> T build(CliArguments args, Class<T> type) {
        ObjectNode root = readFile(args.pathValue(SPEC_FILE));
        for (SpecOption o : options) {
            if (o.isSwitch()) {
                if (args.has(o.flag())) {
                    o.apply(root, "");
                }
            } else {
                Optional<String> value = args.value(o.flag());
                value.ifPresent(v -> o.apply(root, v));
            }
        }
        try {
            return JSON.treeToValue(root, type);
        } catch (JsonMappingException e) {
            throw new UsageException("invalid spec" + fieldOf(e) + ": " + rootMessage(e));
        } catch (IOException e) {
            throw new UsageException("invalid spec: " + e.getMessage());
        }
    }

    private static ObjectNode readFile(Optional<Path> file) {
        if (file.isEmpty()) {
            return JSON.createObjectNode();
        }
        Path path = file.get();
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
