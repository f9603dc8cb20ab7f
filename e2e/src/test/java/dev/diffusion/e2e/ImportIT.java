package dev.diffusion.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Models in and out of the platform through the REST api and presigned URLs only: a trained model's
 * {@code model.safetensors} imports back into a model that generates the byte-identical grid, a state dict written by
 * PyTorch imports and generates, and a bad file ends its import FAILED with the reason while the workers go on.
 */
class ImportIT extends PlatformTestBase {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The PyTorch state dict of worker/src/main/python/make_import_fixture.py and its network. */
    private static final String FIXTURE = "worker/src/test/resources/dev/diffusion/worker/job/pytorch-context-unet";

    @Test
    void aTrainedModelsDownloadedWeightsImportBackAndGenerateTheByteIdenticalGrid() throws Exception {
        UUID training = api.submitTraining(Specs.shapesTraining(10, 10, 0));
        String original = api.awaitStatus(training, "SUCCEEDED", TIMEOUT).get("modelId").asText();
        JsonNode model = api.get("/api/v1/models/" + original);
        assertThat(model.get("source").asText()).isEqualTo("training");
        byte[] weights = api.download(file(model, "model.safetensors").get("url").asText());
        assertThat(ApiClient.sha256(weights)).isEqualTo(file(model, "model.safetensors").get("sha256").asText());
        JsonNode spec = JSON.readTree(api.download(file(model, "model-spec.json").get("url").asText()));

        String location = api.uploadToTenantArea("round-trip/" + UUID.randomUUID() + ".safetensors", weights);
        ObjectNode importSpec = JSON.createObjectNode().put("weights", location).put("name", "round trip");
        for (String field : new String[] {"dataset", "imageSize", "channels", "model", "schedule"}) {
            importSpec.set(field, spec.get(field));
        }
        UUID importJob = api.submitImport(importSpec.toString());
        JsonNode imported = api.awaitStatus(importJob, "SUCCEEDED", TIMEOUT);
        String copy = imported.get("modelId").asText();
        assertThat(names(imported)).contains("check-grid.png", "model.safetensors", "model-spec.json", "imported-weights");
        JsonNode copyModel = api.get("/api/v1/models/" + copy);
        assertThat(copyModel.get("source").asText()).isEqualTo("import");
        assertThat(copyModel.get("imported").get("sha256").asText()).isEqualTo(ApiClient.sha256(weights));
        assertThat(copyModel.get("importJobId").asText()).isEqualTo(importJob.toString());

        assertThat(grid(copy)).as("the imported copy samples exactly as the original").isEqualTo(grid(original));
    }

    @Test
    void aStateDictWrittenByPyTorchImportsAndGenerates() throws Exception {
        Path repository = Path.of(System.getProperty("diffusion.repository", "..")).toAbsolutePath().normalize();
        byte[] weights = Files.readAllBytes(repository.resolve(FIXTURE + ".safetensors"));
        ObjectNode spec = (ObjectNode) JSON.readTree(Files.readAllBytes(repository.resolve(FIXTURE + ".json")));
        String location = api.uploadToTenantArea("pytorch/" + UUID.randomUUID() + ".safetensors", weights);

        UUID job = api.submitImport(spec.put("weights", location).toString());

        JsonNode imported = api.awaitStatus(job, "SUCCEEDED", TIMEOUT);
        assertThat(api.downloadArtifact(imported, "check-grid.png")).isNotEmpty();
        assertThat(grid(imported.get("modelId").asText())).isNotEmpty();
    }

    @Test
    void aTruncatedFileFailsItsImportWithTheReasonAndTheWorkersGoOn() throws Exception {
        Path repository = Path.of(System.getProperty("diffusion.repository", "..")).toAbsolutePath().normalize();
        byte[] weights = Files.readAllBytes(repository.resolve(FIXTURE + ".safetensors"));
        ObjectNode spec = (ObjectNode) JSON.readTree(Files.readAllBytes(repository.resolve(FIXTURE + ".json")));
        String location = api.uploadToTenantArea("bad/" + UUID.randomUUID(), Arrays.copyOf(weights, weights.length / 3));

        UUID job = api.submitImport(spec.deepCopy().put("weights", location).toString());

        JsonNode failed = api.awaitStatus(job, "FAILED", TIMEOUT);
        assertThat(failed.get("error").get("code").asText()).isEqualTo("INVALID_WEIGHTS");
        assertThat(failed.get("error").get("message").asText()).contains(location).contains("Malformed safetensors");
        assertThat(failed.path("modelId").isNull() || failed.path("modelId").isMissingNode()).as("nothing registered")
                .isTrue();
        JsonNode refused = api.post("/api/v1/import-jobs", spec.deepCopy().put("weights", location + "-never-uploaded")
                .toString(), 422);
        assertThat(refused.get("errors").get(0).get("message").asText()).contains("upload it first");

        String good = api.uploadToTenantArea("good/" + UUID.randomUUID(), weights);
        api.awaitStatus(api.submitImport(spec.deepCopy().put("weights", good).toString()), "SUCCEEDED", TIMEOUT);
    }

    /** The grid of a fixed generation of a model. */
    private byte[] grid(String modelId) {
        UUID generation = api.submitGeneration("""
                {"modelId":"%s","sampler":"ddim","steps":10,"numImages":8,"labels":[0,1,2,3,0,1,2,3],
                 "gridColumns":4,"seed":5,"gif":{"enabled":false}}""".formatted(modelId));
        return api.downloadArtifact(api.awaitStatus(generation, "SUCCEEDED", TIMEOUT), "grid.png");
    }

    private static JsonNode file(JsonNode model, String name) {
        return StreamSupport.stream(model.get("files").spliterator(), false)
                .filter(f -> f.get("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + model.get("files")));
    }

    private static java.util.List<String> names(JsonNode job) {
        return StreamSupport.stream(job.get("artifacts").spliterator(), false).map(a -> a.get("name").asText()).toList();
    }
}
