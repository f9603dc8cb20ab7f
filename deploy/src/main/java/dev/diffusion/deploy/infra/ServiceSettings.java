package dev.diffusion.deploy.infra;

import dev.diffusion.common.storage.ObjectKeys;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The configuration contract between the infrastructure and the services, shared by the test resources,
 * the local launcher, docker-compose.yml and the Kubernetes manifests (their tests check them against
 * {@link #requiredEnvironment(Service)}).
 */
public final class ServiceSettings {

    /** The deployable services. */
    public enum Service {
        API, WORKER;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final String DATASOURCE_URL = "quarkus.datasource.jdbc.url";
    public static final String DATASOURCE_USERNAME = "quarkus.datasource.username";
    public static final String DATASOURCE_PASSWORD = "quarkus.datasource.password";
    public static final String KAFKA_BOOTSTRAP_SERVERS = "diffusion.kafka.bootstrap-servers";
    public static final String S3_ENDPOINT = "diffusion.s3.endpoint";
    public static final String S3_ACCESS_KEY = "diffusion.s3.access-key";
    public static final String S3_SECRET_KEY = "diffusion.s3.secret-key";
    public static final String S3_REGION = "diffusion.s3.region";
    public static final String HTTP_PORT = "quarkus.http.port";

    /** DJL reads these from the environment only. */
    public static final String DJL_OFFLINE = "DJL_OFFLINE";
    public static final String DJL_CACHE_DIR = "DJL_CACHE_DIR";
    /**
     * glibc reads this at start-up. With one malloc arena per thread, the large tensors PyTorch frees
     * stay cached in many arenas and the worker's RSS grows far past its live memory; two arenas keep
     * it close (measured in docs/benchmarks.md).
     */
    public static final String MALLOC_ARENA_MAX = "MALLOC_ARENA_MAX";
    /** The worker's value of {@link #MALLOC_ARENA_MAX}. */
    public static final String WORKER_MALLOC_ARENAS = "2";
    /**
     * glibc reads this at start-up: allocations of this many bytes or more get their own mapping and go back
     * to the system when freed. At 8 MiB the activations of a ContextUnet with n_feat 64 (the size in the
     * DeepLearning.AI course "How Diffusion Models Work"; 12.8 MB at batch 64) do, so a training worker's RSS
     * stays near its live tensors (1.11 GB instead of 1.55 GB, flat) at the price of page faults, which
     * {@link #GLIBC_TUNABLES} makes cheap (docs/engine.md#memory).
     */
    public static final String MALLOC_MMAP_THRESHOLD = "MALLOC_MMAP_THRESHOLD_";
    /** The worker's value of {@link #MALLOC_MMAP_THRESHOLD}: 8 MiB. */
    public static final String WORKER_MMAP_THRESHOLD = "8388608";
    /**
     * glibc (2.35 and later) reads this at start-up. {@code glibc.malloc.hugetlb=1} asks for transparent huge
     * pages on malloc's mappings, so a freshly mapped 12.8 MB tensor takes 7 page faults instead of 3,200:
     * training at n_feat 64 with 8 MiB mappings went from 1.14 to 0.89 s per step. Older glibc ignores it.
     */
    public static final String GLIBC_TUNABLES = "GLIBC_TUNABLES";
    /** The worker's value of {@link #GLIBC_TUNABLES}. */
    public static final String WORKER_GLIBC_TUNABLES = "glibc.malloc.hugetlb=1";

    public static final String DEFAULT_REGION = "us-east-1";

    public static final String JOBS_TOPIC = "diffusion.jobs";
    public static final String JOB_EVENTS_TOPIC = "diffusion.job-events";
    public static final String JOB_CONTROL_TOPIC = "diffusion.job-control";
    public static final String DEAD_LETTERS_TOPIC = "diffusion.dead-letters";
    public static final List<String> DEFAULT_TOPICS =
            List.of(JOBS_TOPIC, JOB_EVENTS_TOPIC, JOB_CONTROL_TOPIC, DEAD_LETTERS_TOPIC);

    /** Consumer group of the workers on {@link #JOBS_TOPIC}; the autoscaler watches its lag. */
    public static final String WORKER_CONSUMER_GROUP = "diffusion-workers";

    /** The buckets the services use by default: {@link ObjectKeys#BUCKETS}. */
    public static final List<String> DEFAULT_BUCKETS = ObjectKeys.BUCKETS;

    private static final List<String> S3_KEYS = List.of(S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY, S3_REGION);
    private static final Set<String> SECRET_KEYS =
            Set.of(DATASOURCE_USERNAME, DATASOURCE_PASSWORD, S3_ACCESS_KEY, S3_SECRET_KEY);

    private ServiceSettings() {
    }

    /** The configuration keys a service needs to reach the infrastructure. */
    public static List<String> connectionKeys(Service service) {
        return switch (service) {
            case API -> concat(List.of(DATASOURCE_URL, DATASOURCE_USERNAME, DATASOURCE_PASSWORD,
                    KAFKA_BOOTSTRAP_SERVERS), S3_KEYS);
            case WORKER -> concat(List.of(KAFKA_BOOTSTRAP_SERVERS), S3_KEYS);
        };
    }

    /** The servers a service talks to: the worker has no database. */
    public static Set<Component> components(Service service) {
        return switch (service) {
            case API -> EnumSet.allOf(Component.class);
            case WORKER -> EnumSet.of(Component.KAFKA, Component.S3);
        };
    }

    /**
     * Every environment variable a deployed service must be given: its {@link #connectionKeys(Service)} in
     * environment form, plus the DJL settings for the worker.
     */
    public static List<String> requiredEnvironment(Service service) {
        List<String> fromKeys = connectionKeys(service).stream().map(ServiceSettings::environmentName).toList();
        return service == Service.WORKER ? concat(fromKeys, List.of(DJL_OFFLINE, DJL_CACHE_DIR, MALLOC_ARENA_MAX, MALLOC_MMAP_THRESHOLD,
                GLIBC_TUNABLES)) : fromKeys;
    }

    /** Whether the value of this environment variable is a credential (Kubernetes Secret, not ConfigMap). */
    public static boolean isSecret(String environmentName) {
        return SECRET_KEYS.stream().map(ServiceSettings::environmentName).anyMatch(environmentName::equals);
    }

    /**
     * The environment variable Quarkus/SmallRye Config maps to {@code key}: every character that is not a
     * letter or digit becomes {@code _}, the rest is upper-cased ({@code diffusion.s3.access-key} →
     * {@code DIFFUSION_S3_ACCESS_KEY}).
     */
    public static String environmentName(String key) {
        StringBuilder name = new StringBuilder(key.length());
        for (char c : key.toCharArray()) {
            name.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return name.toString();
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }
}
