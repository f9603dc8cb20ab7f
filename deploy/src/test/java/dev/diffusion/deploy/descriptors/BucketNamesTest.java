package dev.diffusion.deploy.descriptors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.deploy.infra.ServiceSettings;
import dev.diffusion.deploy.local.DatasetImport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The bucket names are defined once, in {@link ObjectKeys}: the local stack uses them, and the files that
 * cannot refer to Java constants (docker-compose.yml, deploy/k8s) create or set exactly those names.
 */
class BucketNamesTest {

    /** The services' bucket settings as environment variables, with their defaults. */
    private static final Map<String, String> SETTINGS = Map.of(
            "DIFFUSION_S3_ARTIFACTS_BUCKET", ObjectKeys.ARTIFACTS_BUCKET,
            "DIFFUSION_S3_MODELS_BUCKET", ObjectKeys.MODELS_BUCKET,
            "DIFFUSION_S3_DATASETS_BUCKET", ObjectKeys.DATASETS_BUCKET);
    /** A bucket-like name of this project ({@code diffusion-…}) written as a word of its own. */
    private static final Pattern BUCKET_LIKE = Pattern.compile("(?<![\\w.-])diffusion-(?:artifacts|models|datasets)\\w*");

    @Test
    void the_local_stack_uses_the_common_definitions() {
        assertThat(ServiceSettings.DEFAULT_BUCKETS).containsExactly(
                ObjectKeys.ARTIFACTS_BUCKET, ObjectKeys.MODELS_BUCKET, ObjectKeys.DATASETS_BUCKET);
        assertThat(DatasetImport.BUCKET).isEqualTo(ObjectKeys.DATASETS_BUCKET);
    }

    @Test
    void docker_compose_creates_the_default_buckets_and_sets_no_others() throws Exception {
        Path compose = Descriptors.repositoryRoot().resolve("docker-compose.yml");
        JsonNode services = Descriptors.read(compose).path("services");
        assertThat(Descriptors.text(services.path("minio-init").path("command"))).contains(ObjectKeys.BUCKETS);
        services.forEach(service -> assertDefaults(Descriptors.environment(service), "docker-compose.yml"));
        assertThat(bucketLikeWords(Files.readString(compose))).as("bucket names in %s", compose)
                .isSubsetOf(ObjectKeys.BUCKETS);
    }

    @Test
    void the_kubernetes_manifests_set_no_other_buckets() throws Exception {
        Path folder = Descriptors.repositoryRoot().resolve("deploy/k8s");
        for (JsonNode document : Descriptors.readAllDocuments(folder)) {
            if (document.path("kind").asText().equals("ConfigMap")) {
                Map<String, String> data = new LinkedHashMap<>();
                document.path("data").fields().forEachRemaining(f -> data.put(f.getKey(), f.getValue().asText()));
                assertDefaults(data, "ConfigMap");
            }
            document.findParents("name").stream()
                    .filter(entry -> entry.has("value") && SETTINGS.containsKey(entry.path("name").asText()))
                    .forEach(entry -> assertThat(entry.path("value").asText()).as(entry.path("name").asText())
                            .isEqualTo(SETTINGS.get(entry.path("name").asText())));
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                assertThat(bucketLikeWords(Files.readString(file))).as("bucket names in %s", file)
                        .isSubsetOf(ObjectKeys.BUCKETS);
            }
        }
    }

    private static void assertDefaults(Map<String, String> environment, String where) {
        SETTINGS.forEach((name, bucket) -> {
            if (environment.containsKey(name)) {
                assertThat(environment.get(name)).as("%s in %s", name, where).isEqualTo(bucket);
            }
        });
    }

    private static List<String> bucketLikeWords(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = BUCKET_LIKE.matcher(text);
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }
}
