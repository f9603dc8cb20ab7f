package dev.diffusion.deploy.descriptors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Test helper: finds the repository's deployment descriptors and reads them as YAML trees. */
final class Descriptors {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Descriptors() {
    }

    /** The repository root: the nearest folder upwards from the working directory holding {@code mvnw}. */
    static Path repositoryRoot() {
        Path folder = Path.of("").toAbsolutePath();
        while (folder != null && !(Files.isRegularFile(folder.resolve("mvnw"))
                && Files.isDirectory(folder.resolve("deploy")))) {
            folder = folder.getParent();
        }
        if (folder == null) {
            throw new IllegalStateException("repository root not found above " + Path.of("").toAbsolutePath());
        }
        return folder;
    }

    static JsonNode read(Path file) throws IOException {
        return YAML.readTree(file.toFile());
    }

    /** Every document of every {@code *.yaml} in {@code folder}, in file order. */
    static List<JsonNode> readAllDocuments(Path folder) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".yaml")).sorted().toList()) {
                try (var iterator = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
                    while (iterator.hasNext()) {
                        JsonNode document = iterator.next();
                        if (document != null && !document.isNull() && !document.isEmpty()) {
                            documents.add(document);
                        }
                    }
                }
            }
        }
        return documents;
    }

    /** A compose {@code environment}, written either as a map or as a list of {@code NAME=value}. */
    static Map<String, String> environment(JsonNode service) {
        Map<String, String> environment = new LinkedHashMap<>();
        JsonNode node = service.path("environment");
        if (node.isArray()) {
            node.forEach(entry -> {
                String[] parts = entry.asText().split("=", 2);
                environment.put(parts[0], parts.length > 1 ? parts[1] : "");
            });
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                environment.put(field.getKey(), field.getValue().asText());
            }
        }
        return environment;
    }

    /** The text of a node that is a string or a list of strings (compose {@code command}, {@code test}). */
    static String text(JsonNode node) {
        if (node.isArray()) {
            List<String> parts = new ArrayList<>();
            node.forEach(part -> parts.add(part.asText()));
            return String.join(" ", parts);
        }
        return node.asText();
    }
}
