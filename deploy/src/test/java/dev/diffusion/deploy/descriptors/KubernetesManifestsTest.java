package dev.diffusion.deploy.descriptors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.diffusion.deploy.infra.ServiceSettings;
import dev.diffusion.deploy.infra.ServiceSettings.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** deploy/k8s: kinds, GPU request, KEDA trigger, probes, and every needed variable from ConfigMap/Secret. */
class KubernetesManifestsTest {

    private static List<JsonNode> documents;

    @BeforeAll
    static void readManifests() throws Exception {
        documents = Descriptors.readAllDocuments(Descriptors.repositoryRoot().resolve("deploy/k8s"));
    }

    @Test
    void declares_the_expected_kinds() {
        assertThat(documents).extracting(document -> document.path("kind").asText()).containsExactlyInAnyOrder(
                "Kustomization", "ConfigMap", "Secret", "Deployment", "Service", "Deployment", "ScaledObject");
    }

    @Test
    void is_namespace_agnostic() {
        assertThat(documents).allSatisfy(document ->
                assertThat(document.path("metadata").has("namespace")).as(name(document)).isFalse());
    }

    @Test
    void the_worker_requests_one_gpu() {
        JsonNode resources = container(Service.WORKER).path("resources");
        assertThat(resources.path("requests").path("nvidia.com/gpu").asInt()).isEqualTo(1);
        assertThat(resources.path("limits").path("nvidia.com/gpu").asInt()).isEqualTo(1);
    }

    @Test
    void keda_scales_the_worker_on_the_lag_of_the_jobs_topic() {
        JsonNode scaledObject = single("ScaledObject");
        JsonNode trigger = scaledObject.path("spec").path("triggers").get(0);

        assertThat(scaledObject.path("spec").path("scaleTargetRef").path("name").asText())
                .isEqualTo(name(deployment(Service.WORKER)));
        assertThat(trigger.path("type").asText()).isEqualTo("kafka");
        JsonNode metadata = trigger.path("metadata");
        assertThat(metadata.path("topic").asText()).isEqualTo(ServiceSettings.JOBS_TOPIC);
        assertThat(metadata.path("consumerGroup").asText()).isEqualTo(ServiceSettings.WORKER_CONSUMER_GROUP);
        assertThat(metadata.path("lagThreshold").asText()).isNotBlank();
        if (metadata.has("bootstrapServersFromEnv")) {
            assertThat(environmentNames(container(Service.WORKER)))
                    .contains(metadata.path("bootstrapServersFromEnv").asText());
        } else {
            assertThat(metadata.path("bootstrapServers").asText()).isNotBlank();
        }
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void every_needed_variable_comes_from_the_config_map_or_the_secret(Service service) {
        JsonNode configMap = single("ConfigMap");
        JsonNode secret = single("Secret");
        Map<String, JsonNode> environment = new java.util.LinkedHashMap<>();
        container(service).path("env").forEach(variable -> environment.put(variable.path("name").asText(), variable));

        for (String name : ServiceSettings.requiredEnvironment(service)) {
            assertThat(environment).as(service.label() + " declares " + name).containsKey(name);
            JsonNode source = environment.get(name).path("valueFrom");
            if (ServiceSettings.isSecret(name)) {
                JsonNode reference = source.path("secretKeyRef");
                assertThat(reference.path("name").asText()).as(name).isEqualTo(name(secret));
                assertThat(secret.path("stringData").has(reference.path("key").asText())
                        || secret.path("data").has(reference.path("key").asText())).as(name).isTrue();
            } else {
                JsonNode reference = source.path("configMapKeyRef");
                assertThat(reference.path("name").asText()).as(name).isEqualTo(name(configMap));
                assertThat(configMap.path("data").has(reference.path("key").asText())).as(name).isTrue();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void probes_use_the_quarkus_health_endpoints_on_the_http_port(Service service) {
        JsonNode container = container(service);
        String port = container.path("ports").get(0).path("name").asText();
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/ready");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
        assertThat(container.path("readinessProbe").path("httpGet").path("port").asText()).isEqualTo(port);
        assertThat(container.path("livenessProbe").path("httpGet").path("port").asText()).isEqualTo(port);
    }

    @Test
    void the_api_reads_its_first_admin_key_from_a_read_only_secret() {
        JsonNode container = container(Service.API);
        JsonNode keyFile = java.util.stream.StreamSupport.stream(container.path("env").spliterator(), false)
                .filter(variable -> variable.path("name").asText().equals("DIFFUSION_AUTH_BOOTSTRAP_KEY_FILE"))
                .findFirst().orElseThrow(() -> new AssertionError("the api sets no bootstrap key file"));
        JsonNode mount = container.path("volumeMounts").get(0);
        JsonNode volume = deployment(Service.API).path("spec").path("template").path("spec").path("volumes").get(0);

        assertThat(keyFile.path("value").asText()).startsWith(mount.path("mountPath").asText() + "/");
        assertThat(mount.path("readOnly").asBoolean()).isTrue();
        assertThat(volume.path("name").asText()).isEqualTo(mount.path("name").asText());
        assertThat(volume.path("secret").path("secretName").asText()).isEqualTo("diffusion-admin-key");
        assertThat(volume.path("secret").path("optional").asBoolean(false)).as("pods wait for the key").isFalse();
    }

    @Test
    void the_api_refuses_training_specs_beyond_the_worker_pods_memory_limit() {
        JsonNode memory = java.util.stream.StreamSupport.stream(container(Service.API).path("env").spliterator(), false)
                .filter(variable -> variable.path("name").asText().equals("DIFFUSION_JOBS_WORKER_MEMORY"))
                .findFirst().orElseThrow(() -> new AssertionError("the api does not know the workers' memory"));
        String limit = container(Service.WORKER).path("resources").path("limits").path("memory").asText();

        // Quarkus' memory sizes are binary (16G = 16 GiB), Kubernetes writes those 16Gi
        assertThat(limit).endsWith("Gi");
        assertThat(memory.path("value").asText()).isEqualTo(limit.substring(0, limit.length() - 2) + "G");
    }

    @Test
    void the_api_service_selects_the_api_pods() {
        JsonNode service = single("Service");
        JsonNode podLabels = deployment(Service.API).path("spec").path("template").path("metadata").path("labels");
        service.path("spec").path("selector").fields().forEachRemaining(label ->
                assertThat(podLabels.path(label.getKey()).asText()).isEqualTo(label.getValue().asText()));
        assertThat(service.path("spec").path("ports").get(0).path("targetPort").asText())
                .isEqualTo(container(Service.API).path("ports").get(0).path("name").asText());
    }

    private static JsonNode deployment(Service service) {
        return documents.stream()
                .filter(document -> document.path("kind").asText().equals("Deployment"))
                .filter(document -> name(document).equals("diffusion-" + service.label()))
                .findFirst().orElseThrow(() -> new AssertionError("no Deployment diffusion-" + service.label()));
    }

    private static JsonNode container(Service service) {
        return deployment(service).path("spec").path("template").path("spec").path("containers").get(0);
    }

    private static List<String> environmentNames(JsonNode container) {
        List<String> names = new ArrayList<>();
        container.path("env").forEach(variable -> names.add(variable.path("name").asText()));
        return names;
    }

    private static JsonNode single(String kind) {
        List<JsonNode> matches = documents.stream().filter(document -> document.path("kind").asText().equals(kind))
                .toList();
        assertThat(matches).as("documents of kind " + kind).hasSize(1);
        return matches.get(0);
    }

    private static String name(JsonNode document) {
        return document.path("metadata").path("name").asText();
    }
}
