package dev.diffusion.common.storage;

import dev.diffusion.common.spec.Datasets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The object-storage layout, in one place. Buckets (configurable on both sides; these constants are the
 * one definition of the defaults: the api's {@code diffusion.s3.*-bucket} defaults, the local stack and
 * the tests use them; deploy's BucketNamesTest checks docker-compose.yml and deploy/k8s, the end-to-end
 * tests check the buckets the worker writes to):
 *
 * <pre>
 * diffusion-artifacts   jobs/{jobId}/grid.png                 generation: the image grid
 *                       jobs/{jobId}/denoise.gif              generation: the denoising animation
 *                       jobs/{jobId}/preview-step-{n}.png     training: preview grid after step n
 *                       jobs/{jobId}/quality.json             training with evaluateEvery: quality by step
 *                       jobs/{jobId}/quality.png              training with evaluateEvery: its chart
 *                       jobs/{jobId}/{name}                   any other file a job reports
 * diffusion-models      models/{modelId}/model.ckpt           a trained or imported model (registered by the api)
 *                       models/{modelId}/model.safetensors    its sampling (EMA) weights as a PyTorch state dict
 *                       models/{modelId}/model-spec.json      the network, schedule and data set they belong to
 *                       checkpoints/{jobId}/step-{n}.ckpt     training checkpoints (resume points)
 * diffusion-datasets    tenants/{tenantId}/…                  a tenant's own area: its uploads (presigned PUTs
 *                                                             of POST /api/v1/uploads): data sets, weights to import
 * diffusion-datasets    datasets/{name}/…                     built-in data sets imported by the
 *                                                             local stack (mnist, fashion-mnist)
 * </pre>
 *
 * User data sets are {@code s3://bucket/prefix} locations ({@link #parseLocation}). Keys never start
 * with a slash; artifact names are plain file names.
 */
public final class ObjectKeys {

    public static final String ARTIFACTS_BUCKET = "diffusion-artifacts";
    public static final String MODELS_BUCKET = "diffusion-models";
    public static final String DATASETS_BUCKET = "diffusion-datasets";
    /** The three default buckets, in that order. */
    public static final List<String> BUCKETS = List.of(ARTIFACTS_BUCKET, MODELS_BUCKET, DATASETS_BUCKET);

    public static final String GRID = "grid.png";
    public static final String DENOISE_GIF = "denoise.gif";
    public static final String MODEL_FILE = "model.ckpt";
    /** A training job's forward-diffusion picture. */
    public static final String FORWARD_DIFFUSION = "forward-diffusion.png";
    /** A training job's metrics table (step, loss, learning rate, gradient norm, images/s). */
    public static final String METRICS = "metrics.csv";
    /** A training job's quality by step when it evaluates as it trains ({@code evaluateEvery}): every point (JSON). */
    public static final String QUALITY_JSON = "quality.json";
    /** A training job's chart of accuracy and Fréchet distance against the training step (PNG). */
    public static final String QUALITY_CHART = "quality.png";
    /** An evaluation job's report: every sampler's scores (JSON). */
    public static final String EVALUATION_JSON = "evaluation.json";
    /** An evaluation job's report as a Markdown table. */
    public static final String EVALUATION_MARKDOWN = "evaluation.md";
    /** An evaluation job's chart: quality against seconds per image (PNG). */
    public static final String EVALUATION_CHART = "evaluation.png";

    /** A model's sampling weights as a PyTorch state dict (safetensors), beside its {@link #MODEL_FILE}. */
    public static final String MODEL_WEIGHTS = "model.safetensors";
    /** The effective training spec of a model's network, beside its {@link #MODEL_WEIGHTS}. */
    public static final String MODEL_SPEC = "model-spec.json";
    /** An import job's check: a small grid sampled from the imported weights (PNG). */
    public static final String IMPORT_CHECK_GRID = "check-grid.png";
    /**
     * An import job's report of the file it imported: the artifact keeps its location, size and SHA-256 (the
     * model's provenance).
     */
    public static final String IMPORTED_WEIGHTS = "imported-weights";
    /** Longest path inside a tenant's area. */
    public static final int MAX_TENANT_PATH = 512;

    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    private static final Pattern TENANT_SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");

    private ObjectKeys() {
    }

    /** {@code jobs/{jobId}/{name}} in the artifacts bucket. */
    public static String jobArtifact(UUID jobId, String name) {
        return "jobs/" + require(jobId) + "/" + requireFileName(name);
    }

    /** {@code jobs/{jobId}/grid.png}. */
    public static String grid(UUID jobId) {
        return jobArtifact(jobId, GRID);
    }

    /** {@code jobs/{jobId}/denoise.gif}. */
    public static String denoiseGif(UUID jobId) {
        return jobArtifact(jobId, DENOISE_GIF);
    }

    /** The file name of the training preview after {@code step}: {@code preview-step-{step}.png}. */
    public static String previewName(int step) {
        return "preview-step-" + step + ".png";
    }

    /** {@code models/{modelId}/model.ckpt} in the models bucket. */
    public static String model(UUID modelId) {
        return "models/" + require(modelId) + "/" + MODEL_FILE;
    }

    /**
     * {@code models/{modelId}/{name}} in the models bucket: a file beside the model, {@link #MODEL_WEIGHTS} or
     * {@link #MODEL_SPEC}.
     */
    public static String modelFile(UUID modelId, String name) {
        return "models/" + require(modelId) + "/" + requireFileName(name);
    }

    /**
     * Why {@code path} cannot be a file's path inside a tenant's area, or empty when it can: segments of letters,
     * digits, '.', '_' and '-' separated by single '/', no '.' or '..' segment, no leading or trailing '/', at most
     * {@value #MAX_TENANT_PATH} characters.
     */
    public static java.util.Optional<String> tenantPathProblem(String path) {
        if (path == null || path.isEmpty()) {
            return java.util.Optional.of("must not be empty");
        }
        if (path.length() > MAX_TENANT_PATH) {
            return java.util.Optional.of("must be at most " + MAX_TENANT_PATH + " characters (was " + path.length() + ")");
        }
        if (path.startsWith("/")) {
            return java.util.Optional.of("must be relative to the tenant's area (no leading '/')");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                return java.util.Optional.of("must not have empty segments ('//' or a trailing '/')");
            }
            if (segment.equals(".") || segment.equals("..")) {
                return java.util.Optional.of("must not contain '" + segment + "' segments");
            }
            if (!TENANT_SEGMENT.matcher(segment).matches()) {
                return java.util.Optional.of("segments may hold only letters, digits, '.', '_' and '-' (was '"
                        + segment.replaceAll("\\p{Cntrl}", "?") + "')");
            }
        }
        return java.util.Optional.empty();
    }

    /** {@code checkpoints/{jobId}/step-{step}.ckpt} in the models bucket. */
    public static String checkpoint(UUID jobId, int step) {
        if (step < 0) {
            throw new IllegalArgumentException("checkpoint step must not be negative (was " + step + ")");
        }
        return "checkpoints/" + require(jobId) + "/step-" + step + ".ckpt";
    }

    /**
     * {@code evaluators/{identity}/evaluator.bin} in the models bucket: the evaluator classifier trained on a data
     * set, shared by every evaluation of that data set.
     *
     * @param datasetIdentity the data set and its image shape, e.g. {@code mnist-28x28x1}; any characters other
     *     than letters, digits, '.', '_' and '-' become '-', and a hash of the original keeps names distinct
     */
    public static String evaluator(String datasetIdentity) {
        if (datasetIdentity == null || datasetIdentity.isBlank()) {
            throw new IllegalArgumentException("evaluator data-set identity is required");
        }
        String safe = datasetIdentity.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
        safe = safe.replaceAll("^[^a-z0-9]+", "").replace("..", "-");
        if (safe.length() > 80) {
            safe = safe.substring(0, 80);
        }
        String hash = Integer.toHexString(datasetIdentity.hashCode());
        return "evaluators/" + safe + "-" + hash + "/evaluator.bin";
    }

    /** {@code datasets/{name}/} in the datasets bucket, for a built-in data set name. */
    public static String datasetPrefix(String builtInName) {
        if (!Datasets.isBuiltIn(builtInName)) {
            throw new IllegalArgumentException("'" + builtInName + "' is not a built-in data set " + Datasets.BUILT_IN);
        }
        return "datasets/" + builtInName.toLowerCase(Locale.ROOT) + "/";
    }

    /** {@code tenants/{tenantId}/}, a tenant's own area in the datasets bucket (its uploads and data sets). */
    public static String tenantArea(UUID tenantId) {
        return "tenants/" + require(tenantId) + "/";
    }

    /** {@code datasets/}, the built-in data sets' area in the datasets bucket (readable by every tenant). */
    public static String builtInDatasetsArea() {
        return "datasets/";
    }

    /**
     * Splits {@code s3://bucket/prefix} into bucket and prefix.
     *
     * @throws IllegalArgumentException when it is not such a location
     */
    public static ObjectLocation parseLocation(String uri) {
        if (!Datasets.isObjectStoreLocation(uri)) {
            throw new IllegalArgumentException("'" + uri + "' is not an s3://bucket/prefix location");
        }
        String rest = uri.substring(Datasets.S3_SCHEME.length());
        int slash = rest.indexOf('/');
        return new ObjectLocation(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /** Whether {@code name} can be an artifact name: a plain file name of letters, digits, '.', '_', '-'. */
    public static boolean isFileName(String name) {
        return name != null && FILE_NAME.matcher(name).matches() && !name.contains("..");
    }

    private static String requireFileName(String name) {
        if (!isFileName(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a plain file name (letters, digits, '.', '_', '-')");
        }
        return name;
    }

    private static UUID require(UUID id) {
        if (id == null) {
            throw new IllegalArgumentException("id is required");
        }
        return id;
    }
}
