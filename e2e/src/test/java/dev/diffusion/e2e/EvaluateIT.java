package dev.diffusion.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.diffusion.common.storage.ObjectKeys;
import io.minio.ListObjectsArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Evaluation jobs through the REST API: a conditional model trained on {@code shapes} (its 4 classes) scored for
 * two samplers and for the standard sweep, the reports and grids downloaded through their presigned URLs, the
 * model's {@code latestEvaluation}, the evaluator classifier kept in the models bucket, and specs the model cannot
 * run rejected before anything is queued. The model is trained once for the class (20 steps, T = 50), so its
 * scores are poor; the tests check that they are well-formed, not that they are good.
 */
class EvaluateIT extends PlatformTestBase {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    /** T of the model: the sweep's DDIM 100 does not fit, DDIM 10, 25 and 50 do. */
    private static final int TIMESTEPS = 50;
    private static final int CLASSES = 4;
    private static final int SIDE = 16;

    private static String modelId;

    @BeforeEach
    void trainTheModelOnce() {
        if (modelId == null) {
            UUID training = api.submitTraining(Specs.shapesTraining(20, 20, 0));
            JsonNode trained = api.awaitStatus(training, "SUCCEEDED", TIMEOUT);
            assertThat(trained.at("/spec/schedule/timesteps").asInt()).isEqualTo(TIMESTEPS);
            assertThat(trained.at("/spec/model/numClasses").asInt()).isEqualTo(CLASSES);
            modelId = trained.get("modelId").asText();
        }
    }

    @Test
    void anEvaluationOfTwoSamplersReportsEveryScoreAndBecomesTheModelsLatestEvaluation() throws Exception {
        UUID job = api.submitEvaluation("""
                {"modelId":"%s","imagesPerClass":2,"referenceImages":200,"seed":5,
                 "samplers":[{"sampler":"ddim","steps":10,"guidanceScale":1},{"sampler":"ddim","steps":10,"guidanceScale":0}]}"""
                .formatted(modelId));

        JsonNode evaluated = api.awaitStatus(job, "SUCCEEDED", TIMEOUT);

        assertThat(evaluated.get("type").asText()).isEqualTo("EVALUATION");
        assertThat(evaluated.get("modelId").asText()).isEqualTo(modelId);
        assertThat(evaluated.at("/progress/phase").asText()).isEqualTo("done");
        assertThat(evaluated.at("/spec/sweep").asBoolean()).isFalse();
        assertThat(elements(evaluated.at("/spec/samplers")).map(s -> s.get("eta").asDouble() + " "
                + s.get("clipDenoised").asBoolean())).as("defaults filled").containsExactly("0.0 false", "0.0 false");
        JsonNode metrics = evaluated.get("metrics");
        assertThat(metrics.get("accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(metrics.get("frechetDistance").asDouble()).isFinite().isGreaterThanOrEqualTo(0.0);
        assertThat(metrics.get("imagesPerSecond").asDouble()).isFinite().isPositive();
        assertThat(metrics.get("evaluatorAccuracy").asDouble()).as("the evaluator tells the shapes apart")
                .isGreaterThan(0.8).isLessThanOrEqualTo(1.0);
        assertThat(metrics.get("samplers").asDouble()).isEqualTo(2.0);
        assertThat(names(evaluated)).containsExactlyInAnyOrder("samples-0.png", "samples-1.png",
                ObjectKeys.EVALUATION_JSON, ObjectKeys.EVALUATION_MARKDOWN, ObjectKeys.EVALUATION_CHART);

        JsonNode report = JSON.readTree(api.downloadArtifact(evaluated, ObjectKeys.EVALUATION_JSON));
        assertThat(report.get("modelId").asText()).isEqualTo(modelId);
        assertThat(report.get("dataset").asText()).isEqualTo("shapes");
        assertThat(report.get("seed").asLong()).isEqualTo(5);
        assertThat(report.get("referenceImages").asInt()).isBetween(100, 200);
        assertThat(report.get("evaluatorAccuracy").asDouble()).isEqualTo(metrics.get("evaluatorAccuracy").asDouble());
        List<JsonNode> rows = elements(report.get("rows")).toList();
        assertThat(rows).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode row = rows.get(i);
            double guidance = i == 0 ? 1.0 : 0.0;
            assertThat(row.at("/sampler/sampler").asText()).isEqualTo("ddim");
            assertThat(row.at("/sampler/steps").asInt()).isEqualTo(10);
            assertThat(row.at("/sampler/eta").asDouble()).isEqualTo(0.0);
            assertThat(row.at("/sampler/guidanceScale").asDouble()).isEqualTo(guidance);
            assertThat(row.get("label").asText()).isEqualTo("ddim-10 s=" + guidance);
            assertThat(row.get("images").asInt()).as("2 per class").isEqualTo(2 * CLASSES);
            assertWellFormedScores(row);
        }
        assertThat(rows.get(0).get("accuracy").asDouble()).as("the job's metrics are the first sampler's")
                .isEqualTo(metrics.get("accuracy").asDouble());
        assertThat(rows.get(0).get("frechetDistance").asDouble()).isEqualTo(metrics.get("frechetDistance").asDouble());

        String markdown = new String(api.downloadArtifact(evaluated, ObjectKeys.EVALUATION_MARKDOWN),
                StandardCharsets.UTF_8);
        assertThat(markdown).contains("# Evaluation of model " + modelId,
                "| sampler | images | s/image | images/s | accuracy | Fréchet distance |", "|---|");
        assertThat(tableRows(markdown)).hasSize(2).anyMatch(l -> l.startsWith("| ddim-10 s=1.0 | 8 |"))
                .anyMatch(l -> l.startsWith("| ddim-10 s=0.0 | 8 |"));

        BufferedImage chart = png(api.downloadArtifact(evaluated, ObjectKeys.EVALUATION_CHART));
        assertThat(chart.getWidth()).as("two panels: accuracy and Fréchet distance").isEqualTo(2 * 520);
        assertThat(chart.getHeight()).isEqualTo(420);
        for (String grid : List.of("samples-0.png", "samples-1.png")) {
            BufferedImage samples = png(api.downloadArtifact(evaluated, grid));
            assertThat(samples.getWidth()).as("%s: a column per class, 16 px with 2 px padding", grid)
                    .isEqualTo(CLASSES * SIDE + (CLASSES + 1) * 2);
            assertThat(samples.getHeight()).as("%s: 2 images per class", grid).isEqualTo(2 * SIDE + 3 * 2);
        }

        JsonNode latest = api.get("/api/v1/models/" + modelId).get("latestEvaluation");
        assertThat(latest.get("jobId").asText()).isEqualTo(job.toString());
        assertThat(latest.get("samplers").asInt()).isEqualTo(2);
        assertThat(latest.get("metrics")).isEqualTo(metrics);
        assertThat(latest.at("/report/name").asText()).isEqualTo(ObjectKeys.EVALUATION_JSON);
        byte[] latestReport = api.download(latest.at("/report/url").asText());
        assertThat(ApiClient.sha256(latestReport)).isEqualTo(latest.at("/report/sha256").asText())
                .isEqualTo(artifact(evaluated, ObjectKeys.EVALUATION_JSON).get("sha256").asText());

        assertThat(evaluatorsInTheModelsBucket()).as("trained once, kept for every later evaluation of shapes")
                .singleElement().asString()
                .matches("evaluators/shapes-16x16x[13]-s" + Platform.EVALUATOR_STEPS + "-[0-9a-f]+/evaluator\\.bin");
    }

    @Test
    void aSweepScoresDdpmAndTheDdimStepCountsUpToTAtEveryGuidanceScale() throws Exception {
        UUID job = api.submitEvaluation("""
                {"modelId":"%s","sweep":true,"imagesPerClass":1,"referenceImages":100,"seed":7}""".formatted(modelId));
        List<String> expected = new ArrayList<>();
        for (double scale : new double[] {0, 1, 2, 4}) {
            Stream.of("ddpm-50", "ddim-10", "ddim-25", "ddim-50").forEach(s -> expected.add(s + " s=" + scale));
        }

        JsonNode evaluated = api.awaitStatus(job, "SUCCEEDED", TIMEOUT);

        assertThat(evaluated.at("/spec/sweep").asBoolean()).isTrue();
        assertThat(elements(evaluated.at("/spec/samplers")).map(EvaluateIT::label))
                .as("the effective spec has the sweep expanded").containsExactlyElementsOf(expected);
        assertThat(evaluated.at("/metrics/samplers").asDouble()).isEqualTo(16.0);
        assertThat(evaluated.at("/metrics/accuracy").asDouble()).isBetween(0.0, 1.0);
        List<String> grids = IntStream.range(0, 16).mapToObj(i -> "samples-" + i + ".png").toList();
        assertThat(names(evaluated)).containsAll(grids).contains(ObjectKeys.EVALUATION_JSON,
                ObjectKeys.EVALUATION_MARKDOWN, ObjectKeys.EVALUATION_CHART).hasSize(16 + 3);

        JsonNode report = JSON.readTree(api.downloadArtifact(evaluated, ObjectKeys.EVALUATION_JSON));
        List<JsonNode> rows = elements(report.get("rows")).toList();
        assertThat(rows).extracting(r -> r.get("label").asText()).containsExactlyElementsOf(expected);
        assertThat(rows).extracting(EvaluateIT::label).as("each row's settings match its label")
                .containsExactlyElementsOf(expected);
        for (JsonNode row : rows) {
            assertThat(row.get("images").asInt()).isEqualTo(CLASSES);
            assertWellFormedScores(row);
        }
        String markdown = new String(api.downloadArtifact(evaluated, ObjectKeys.EVALUATION_MARKDOWN),
                StandardCharsets.UTF_8);
        assertThat(tableRows(markdown)).hasSize(16);
        BufferedImage last = png(api.downloadArtifact(evaluated, "samples-15.png"));
        assertThat(last.getWidth()).isEqualTo(CLASSES * SIDE + (CLASSES + 1) * 2);
        assertThat(last.getHeight()).as("one image per class").isEqualTo(SIDE + 2 * 2);

        JsonNode latest = api.get("/api/v1/models/" + modelId).get("latestEvaluation");
        assertThat(latest.get("jobId").asText()).isEqualTo(job.toString());
        assertThat(latest.get("samplers").asInt()).isEqualTo(16);
        assertThat(evaluatorsInTheModelsBucket()).hasSize(1);
    }

    @Test
    void anUnconditionalModelIsSweptAtGuidanceOneOnlyAndScoredWithoutAccuracy() throws Exception {
        UUID training = api.submitTraining(Specs.unconditionalShapesTraining(10, 10));
        String unconditional = api.awaitStatus(training, "SUCCEEDED", TIMEOUT).get("modelId").asText();

        JsonNode guided = api.post("/api/v1/evaluation-jobs", """
                {"modelId":"%s","samplers":[{"steps":10},{"steps":5,"guidanceScale":0}]}""".formatted(unconditional),
                422);
        assertThat(fields(guided)).containsExactly("samplers[1].guidanceScale");

        UUID job = api.submitEvaluation("""
                {"modelId":"%s","sweep":true,"imagesPerClass":1,"referenceImages":100,"seed":3}"""
                .formatted(unconditional));
        JsonNode evaluated = api.awaitStatus(job, "SUCCEEDED", TIMEOUT);

        assertThat(evaluated.get("metrics").has("accuracy")).as("no classes to check").isFalse();
        assertThat(evaluated.at("/metrics/frechetDistance").asDouble()).isFinite().isGreaterThanOrEqualTo(0.0);
        assertThat(evaluated.at("/metrics/samplers").asDouble()).isEqualTo(2.0);
        JsonNode report = JSON.readTree(api.downloadArtifact(evaluated, ObjectKeys.EVALUATION_JSON));
        assertThat(elements(report.get("rows")).map(EvaluateIT::label)).as("T = 10: DDPM and DDIM 10, guidance 1")
                .containsExactly("ddpm-10 s=1.0", "ddim-10 s=1.0");
        elements(report.get("rows")).forEach(row -> {
            assertThat(row.get("images").asInt()).as("1 × 10 groups").isEqualTo(10);
            assertThat(row.has("accuracy")).as("absent, as the job's metric").isFalse();
            assertThat(row.has("accuracyPerClass")).isFalse();
            assertThat(row.get("frechetDistance").asDouble()).isFinite().isGreaterThanOrEqualTo(0.0);
        });
        assertThat(png(api.downloadArtifact(evaluated, ObjectKeys.EVALUATION_CHART)).getWidth())
                .as("the Fréchet distance panel only").isEqualTo(520);
        BufferedImage samples = png(api.downloadArtifact(evaluated, "samples-0.png"));
        assertThat(samples.getWidth()).as("10 columns").isEqualTo(10 * SIDE + 11 * 2);
        assertThat(samples.getHeight()).isEqualTo(SIDE + 2 * 2);
        assertThat(api.get("/api/v1/models/" + unconditional).at("/latestEvaluation/jobId").asText())
                .isEqualTo(job.toString());
    }

    @Test
    void specsTheModelCannotRunAreRejectedWithTheFieldsNamedAndQueueNothing() {
        List<String> before = evaluationJobIds();

        JsonNode unknown = api.post("/api/v1/evaluation-jobs", """
                {"modelId":"%s"}""".formatted(UUID.randomUUID()), 422);
        assertThat(unknown.get("type").asText()).isEqualTo("urn:diffusion:problem:validation-failed");
        assertThat(fields(unknown)).containsExactly("modelId");

        JsonNode samplers = api.post("/api/v1/evaluation-jobs", """
                {"modelId":"%s","samplers":[{"sampler":"ddim","steps":51},{"sampler":"ddpm","steps":10},
                 {"guidanceScale":60}]}""".formatted(modelId), 422);
        assertThat(fields(samplers)).containsExactlyInAnyOrder("samplers[0].steps", "samplers[1].steps",
                "samplers[2].guidanceScale");

        JsonNode both = api.post("/api/v1/evaluation-jobs", """
                {"modelId":"%s","sweep":true,"samplers":[{"steps":10}]}""".formatted(modelId), 422);
        assertThat(fields(both)).containsExactly("samplers");

        JsonNode unreadable = api.post("/api/v1/evaluation-jobs", """
                {"modelId":"%s","samplers":[{"sampler":"euler"}]}""".formatted(modelId), 400);
        assertThat(unreadable.get("type").asText()).isEqualTo("urn:diffusion:problem:invalid-request");
        assertThat(fields(unreadable)).containsExactly("samplers[0].sampler");

        assertThat(evaluationJobIds()).isEqualTo(before);
    }

    private static void assertWellFormedScores(JsonNode row) {
        assertThat(row.get("accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(row.get("accuracyPerClass")).hasSize(CLASSES);
        row.get("accuracyPerClass").forEach(a -> assertThat(a.asDouble()).isBetween(0.0, 1.0));
        assertThat(row.get("frechetDistance").asDouble()).isFinite().isGreaterThanOrEqualTo(0.0);
        assertThat(row.get("seconds").asDouble()).isPositive();
        assertThat(row.get("imagesPerSecond").asDouble()).isFinite().isPositive();
    }

    /** The label a sampler's settings should have, e.g. {@code ddim-25 s=2.0}. */
    private static String label(JsonNode samplerOrRow) {
        JsonNode s = samplerOrRow.has("sampler") && samplerOrRow.get("sampler").isObject()
                ? samplerOrRow.get("sampler") : samplerOrRow;
        assertThat(s.get("eta").asDouble()).isEqualTo(0.0);
        return s.get("sampler").asText() + "-" + s.get("steps").asInt() + " s=" + s.get("guidanceScale").asDouble();
    }

    private static BufferedImage png(byte[] bytes) throws Exception {
        assertThat(Arrays.copyOf(bytes, PNG_SIGNATURE.length)).as("PNG signature").isEqualTo(PNG_SIGNATURE);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(image).as("a readable PNG").isNotNull();
        return image;
    }

    /** The Markdown table's rows below its header and separator. */
    private static List<String> tableRows(String markdown) {
        return markdown.lines().filter(l -> l.startsWith("| ddim-") || l.startsWith("| ddpm-")).toList();
    }

    private List<String> evaluatorsInTheModelsBucket() throws Exception {
        List<String> names = new ArrayList<>();
        for (Result<Item> item : platform.infrastructure().s3().client().listObjects(ListObjectsArgs.builder()
                .bucket(ObjectKeys.MODELS_BUCKET).prefix("evaluators/").recursive(true).build())) {
            names.add(item.get().objectName());
        }
        return names;
    }

    private List<String> evaluationJobIds() {
        return elements(api.get("/api/v1/jobs?type=EVALUATION&limit=100").get("items"))
                .map(j -> j.get("id").asText()).toList();
    }

    private static List<String> fields(JsonNode problem) {
        return elements(problem.get("errors")).map(e -> e.get("field").asText()).toList();
    }

    private static JsonNode artifact(JsonNode job, String name) {
        return elements(job.get("artifacts")).filter(a -> a.get("name").asText().equals(name)).findFirst()
                .orElseThrow();
    }

    private static List<String> names(JsonNode job) {
        return elements(job.get("artifacts")).map(a -> a.get("name").asText()).toList();
    }

    private static Stream<JsonNode> elements(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }
}
