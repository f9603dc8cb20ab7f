package dev.diffusion.worker.config;

import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.engine.numerics.KernelPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Every setting of the worker service under {@code diffusion.*}. Defaults here; per-profile values in
 * {@code application.properties} ({@code %test} shortens the intervals); each key can be given as an
 * environment variable ({@code diffusion.kafka.bootstrap-servers} → {@code DIFFUSION_KAFKA_BOOTSTRAP_SERVERS}).
 */
@ConfigMapping(prefix = "diffusion")
public interface WorkerConfig {

    Kafka kafka();

    S3 s3();

    Jobs jobs();

    Djl djl();

    EngineSettings engine();

    Evaluation evaluation();

    Datasets datasets();

    Generation generation();

    /**
     * Bounds on a user's data set ({@code s3://bucket/prefix}), so that no accepted spec can exhaust the worker's
     * disk or memory; a data set over a limit fails its job (INVALID_DATASET) with the limit named.
     */
    interface Datasets {
        /** Bytes the objects of one data set may hold together, checked from the listing before any download. */
        @WithDefault("2147483648")
        long maxDownloadBytes();

        /** Images an image-folder data set may hold (also the objects its prefix may list). */
        @WithDefault("100000")
        int maxImages();

        /** Width × height of one image, read from its header before it is decoded. */
        @WithDefault("16777216")
        long maxPixelsPerImage();
    }

    /** Bounds on the memory of a generation job, whatever its numImages, guidance and image size. */
    interface Generation {
        /**
         * Images sampled together; more are sampled in chunks of this many, one after the other. A guided job
         * (labels and guidanceScale ≠ 1) runs the network over twice its images, so it samples half as many.
         */
        @WithDefault("64")
        int maxBatchImages();

        /**
         * Bytes of the denoising GIF's frames, each counted as one byte per grid pixel (the GIF's uncompressed
         * size): when the spec's frameEvery would give more, frames are taken less often.
         */
        @WithDefault("268435456")
        long gifMaxBytes();
    }

    /** Evaluation jobs. */
    interface Evaluation {
        /**
         * Optimizer steps of an evaluator classifier (batch 64); part of the evaluator's cache key, so a change
         * trains new evaluators. 1,500 reach about 99 % on held-out MNIST digits.
         */
        @WithDefault("1500")
        int evaluatorSteps();
    }

    /** The numerical engine's kernels, checked at start-up before the worker takes a job. */
    interface EngineSettings {
        /**
         * Kernel set: {@code auto} uses oneDNN unless it fails the self-check, then PyTorch's own kernels if
         * they pass; {@code onednn} or {@code native} allow only that set. If no allowed set passes, the worker
         * reports DOWN and takes no job.
         */
        @WithDefault("auto")
        KernelPolicy kernels();
    }

    /** Deep Java Library settings applied as system properties at start-up ({@link DjlSettings}). */
    interface Djl {
        /** Never download anything (engine natives come from the class path): {@code ai.djl.offline}. */
        @WithDefault("true")
        boolean offline();

        /** Where DJL unpacks the PyTorch natives ({@code DJL_CACHE_DIR}); default: DJL's own (~/.djl.ai). */
        Optional<Path> cacheDir();
    }

    /** Kafka connection, topics and consumer timing. */
    interface Kafka {
        /** {@code host:port[,host:port]}. */
        @WithDefault("localhost:9092")
        String bootstrapServers();

        /** Consumer group shared by all workers on the jobs topic. */
        @WithDefault("diffusion-workers")
        String consumerGroup();

        Topics topics();

        /** Longest wait of one {@code poll()}; the loop also commits and resumes between polls. */
        @WithDefault("500ms")
        Duration pollTimeout();

        /**
         * How long the group coordinator waits for a silent worker before its partitions move to another
         * worker (a killed worker's dispatch is redelivered after this). At least 6 s (broker minimum).
         */
        @WithDefault("45s")
        Duration sessionTimeout();

        /** How long the producer keeps trying to deliver one event ({@code delivery.timeout.ms}). */
        @WithDefault("30s")
        Duration sendTimeout();

        /** How long a send may block waiting for metadata when Kafka is unreachable ({@code max.block.ms}). */
        @WithDefault("5s")
        Duration maxBlock();

        /** Timeout of the readiness check's cluster query. */
        @WithDefault("3s")
        Duration healthTimeout();
    }

    /** Topic names; defaults from {@link dev.diffusion.common.messaging.Topics}. */
    interface Topics {
        @WithDefault("diffusion.jobs")
        String jobs();

        @WithDefault("diffusion.job-events")
        String events();

        @WithDefault("diffusion.job-control")
        String control();

        @WithDefault("diffusion.dead-letters")
        String deadLetters();
    }

    /** Object storage (MinIO or any S3 with SigV4, path-style). */
    interface S3 {
        @WithDefault("http://localhost:9000")
        String endpoint();

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

        /** Create the three buckets at start-up when missing. */
        @WithDefault("true")
        boolean createBuckets();
    }

    /** How jobs are run. */
    interface Jobs {
        /** Jobs one worker runs at the same time. */
        @WithDefault("1")
        int maxConcurrent();

        /**
         * Fail a training job before it starts when its estimated memory (TrainingFootprint) is more than this
         * worker has free, instead of letting the kernel kill the worker half-way.
         */
        @WithDefault("true")
        boolean memoryGuard();

        /** Upper bound of PROGRESS events per second and job (the contract allows at most 2). */
        @WithDefault("2")
        double progressMaxRate();

        /** Interval of HEARTBEAT events while a job runs (must stay well below the api's heartbeat timeout). */
        @WithDefault("5s")
        Duration heartbeatInterval();

        /** Folder for job folders ({@code jobs/}) and the data-set and model caches ({@code cache/}). */
        @WithDefault("${java.io.tmpdir}/diffusion-worker")
        Path workDir();

        /** Id reported in events; default {@code <hostname>-<pid>}. */
        Optional<String> workerId();

        /** How long a CANCEL seen on the control topic is remembered to skip later dispatches of the job. */
        @WithDefault("1h")
        Duration cancelMemory();

        /**
         * How long a job that must be given up (shutdown, partition revoked) may take to stop and save its
         * last checkpoint before the worker goes on without it.
         */
        @WithDefault("30s")
        Duration abandonTimeout();

        /** Delay before the first retry of an event that must be delivered (STARTED, terminal); it doubles up to 10 s. */
        @WithDefault("500ms")
        Duration publishRetryBackoff();
    }
}
