package dev.diffusion.api.config;

import dev.diffusion.common.storage.ObjectKeys;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Every setting of the api under {@code diffusion.*}. Defaults here; per-profile values in
 * {@code application.properties} ({@code %test} shortens the intervals, {@code %prod} reads environment
 * variables).
 */
@ConfigMapping(prefix = "diffusion")
public interface DiffusionConfig {

    Kafka kafka();

    S3 s3();

    Jobs jobs();

    Outbox outbox();

    Dispatch dispatch();

    Sweeper sweeper();

    Events events();

    Auth auth();

    Limits limits();

    /** Files users upload to their tenant's area (POST /api/v1/uploads). */
    Uploads uploads();

    interface Uploads {
        /** The largest file an upload URL is meant for, and the largest weights file an import accepts. */
        @WithDefault("536870912")
        long maxBytes();
    }

    /** Kafka connection, topics, producer timing. */
    interface Kafka {
        /** {@code host:port[,host:port]}. */
        @WithDefault("localhost:9092")
        String bootstrapServers();

        /** Consumer group of the api's job-event consumer. */
        @WithDefault("diffusion-api")
        String consumerGroup();

        /** Prefix of the Kafka client ids. */
        @WithDefault("diffusion-api")
        String clientId();

        /** Replication factor of the topics the api creates. */
        @WithDefault("1")
        short replicationFactor();

        /** How long the relay waits for Kafka to acknowledge a batch ({@code delivery.timeout.ms}). */
        @WithDefault("10s")
        Duration sendTimeout();

        /** How long a send may block for metadata when Kafka is unreachable ({@code max.block.ms}). */
        @WithDefault("5s")
        Duration maxBlock();

        /** Timeout of admin calls (topic creation, health check). */
        @WithDefault("5s")
        Duration adminTimeout();

        Topics topics();
    }

    /** The four topics; names default to {@link dev.diffusion.common.messaging.Topics}. */
    interface Topics {
        @WithDefault("diffusion.jobs")
        String jobs();

        @WithDefault("6")
        int jobsPartitions();

        @WithDefault("diffusion.job-events")
        String events();

        @WithDefault("6")
        int eventsPartitions();

        @WithDefault("diffusion.job-control")
        String control();

        @WithDefault("1")
        int controlPartitions();

        @WithDefault("diffusion.dead-letters")
        String deadLetters();

        @WithDefault("1")
        int deadLettersPartitions();
    }

    /** Object storage (MinIO or any S3 with SigV4, path-style). */
    interface S3 {
        @WithDefault("http://localhost:9000")
        String endpoint();

        /** Endpoint written into presigned URLs when clients reach storage by another address. */
        Optional<String> publicEndpoint();

        @WithDefault("minioadmin")
        String accessKey();

        @WithDefault("minioadmin")
        String secretKey();

        @WithDefault("us-east-1")
        String region();

        @WithDefault(ObjectKeys.ARTIFACTS_BUCKET)
        String artifactsBucket();

        @WithDefault(ObjectKeys.MODELS_BUCKET)
        String modelsBucket();

        @WithDefault(ObjectKeys.DATASETS_BUCKET)
        String datasetsBucket();

        /** Lifetime of presigned download URLs (1 s to 7 days). */
        @WithDefault("1h")
        Duration presignExpiry();

        /** Create the three buckets at start-up when missing. */
        @WithDefault("true")
        boolean createBuckets();

        /** Reject training jobs whose {@code s3://bucket/prefix} data set has no objects. */
        @WithDefault("true")
        boolean checkDatasets();
    }

    /** Job life-cycle policy. */
    interface Jobs {
        /** Attempts a job gets (heartbeat losses and retryable failures each use one). */
        @WithDefault("3")
        int maxAttempts();

        /** A RUNNING job whose last event is older than this is re-queued (or failed). */
        @WithDefault("60s")
        Duration heartbeatTimeout();

        /** Delay before the second attempt after a retryable failure. */
        @WithDefault("10s")
        Duration retryInitialBackoff();

        /** Each further retry waits this many times longer. */
        @WithDefault("2.0")
        double retryBackoffMultiplier();

        /** Upper bound of the retry delay. */
        @WithDefault("10m")
        Duration retryMaxBackoff();

        /**
         * Memory of one worker (its container's limit, or its machine's): a training spec whose estimated peak
         * ({@link dev.diffusion.common.spec.TrainingFootprint}) is larger is refused with 422 naming what to lower.
         * Unset: not checked here; a worker still fails such a job before training, with the same message.
         */
        Optional<MemorySize> workerMemory();

        @WithDefault("20")
        int defaultPageSize();

        @WithDefault("100")
        int maxPageSize();
    }

    /** The transactional-outbox relay. */
    interface Outbox {
        @WithDefault("true")
        boolean enabled();

        /** How often the relay looks for due rows when not woken by a commit. */
        @WithDefault("200ms")
        Duration pollInterval();

        @WithDefault("100")
        int batchSize();

        /** Longest wait between tries while Kafka is failing. */
        @WithDefault("5s")
        Duration maxRetryDelay();
    }

    /** How the relay shares the workers among tenants. */
    interface Dispatch {
        /**
         * Dispatched jobs of one tenant that may be unfinished at a time (published to Kafka, not yet SUCCEEDED,
         * FAILED or CANCELLED nor back in QUEUED for a retry); the tenant's further dispatches wait in the outbox,
         * so another tenant's job need not queue behind them. 0: unlimited (dispatches still go out round-robin
         * by tenant).
         */
        @WithDefault("2")
        int maxInFlightPerTenant();
    }

    /** The heartbeat sweeper and the metrics refresh. */
    interface Sweeper {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("5s")
        Duration interval();

        /** How often the job and outbox gauges are recomputed. */
        @WithDefault("5s")
        Duration metricsInterval();
    }

    /** The job-event consumer and the SSE stream. */
    interface Events {
        @WithDefault("true")
        boolean consumerEnabled();

        @WithDefault("500ms")
        Duration pollTimeout();

        /** Failures of one record before it goes to the dead-letter topic. */
        @WithDefault("5")
        int maxApplyFailures();

        /** How often an SSE stream checks its job for changes. */
        @WithDefault("500ms")
        Duration ssePollInterval();
    }

    /** Default per-tenant limits; an admin sets a tenant's own ({@code PUT /admin/tenants/{id}/limits}). */
    interface Limits {
        /** Job submissions per minute and tenant, as a token bucket holding one minute's worth; 0: unlimited. */
        @WithDefault("0")
        int submissionsPerMinute();

        /** QUEUED plus RUNNING jobs a tenant may have; 0: unlimited. */
        @WithDefault("0")
        int maxOpenJobs();

        /** Steps × batch size of one training job; 0: unlimited. */
        @WithDefault("0")
        long maxTrainingWork();

        /** Images one generation job (numImages) or evaluation job (in all) draws; 0: unlimited. */
        @WithDefault("0")
        int maxImagesPerJob();

        /** Event streams (SSE) a tenant may have open at a time; 0: unlimited. */
        @WithDefault("20")
        int maxEventStreams();
    }

    /** API keys. */
    interface Auth {
        /**
         * Where the bootstrap admin key lives: when set and no admin key exists, the api creates one for the
         * default tenant at start-up and writes it here (or registers the key the file already holds).
         */
        Optional<Path> bootstrapKeyFile();

        /**
         * How long a key's check is cached per api instance: a revocation made through another instance (or in
         * the database) takes effect within this time; one made through this instance at once.
         */
        @WithDefault("5s")
        Duration cacheTtl();

        /** Most keys (known or unknown) kept in the cache; beyond it the cache starts afresh. */
        @WithDefault("10000")
        int cacheSize();
    }
}
