package dev.diffusion.worker.job;

import dev.diffusion.common.messaging.Artifact;
import dev.diffusion.common.messaging.CheckpointRef;
import dev.diffusion.common.messaging.JobDispatch;
import dev.diffusion.common.messaging.ModelRef;
import dev.diffusion.common.messaging.Progress;
import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.worker.config.WorkerConfig;
import dev.diffusion.worker.storage.ObjectStore;
import dev.diffusion.worker.storage.StoredObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What an executor sees of its run: the dispatch, a private folder, the stop flag, and the ways to report
 * progress and publish results. Every upload happens before the event that names it. Used by the job
 * thread; the stop flags are set from other threads.
 */
public final class JobContext {

    private final JobDispatch dispatch;
    private final Path folder;
    private final Path cache;
    private final ObjectStore store;
    private final WorkerConfig.S3 buckets;
    private final AttemptReporter reporter;
    private final AtomicBoolean cancelRequested = new AtomicBoolean();
    private final AtomicBoolean abandonRequested = new AtomicBoolean();
    private final List<Artifact> artifacts = new ArrayList<>();
    private final List<Artifact> unannounced = new ArrayList<>();
    private volatile Progress lastProgress;
    private volatile CheckpointRef lastCheckpoint;
    private volatile Map<String, Double> lastMetrics = Map.of();

    JobContext(JobDispatch dispatch, Path folder, Path cache, ObjectStore store, WorkerConfig.S3 buckets,
               AttemptReporter reporter) {
        this.dispatch = dispatch;
        this.folder = folder;
        this.cache = cache;
        this.store = store;
        this.buckets = buckets;
        this.reporter = reporter;
    }

    public JobDispatch dispatch() {
        return dispatch;
    }

    /** A folder only this run writes to; deleted when the run ends. */
    public Path folder() {
        return folder;
    }

    /** The worker's cache folder (data sets, models), shared by runs and worker processes on this host. */
    public Path cache() {
        return cache;
    }

    public ObjectStore store() {
        return store;
    }

    public WorkerConfig.S3 buckets() {
        return buckets;
    }

    /** Whether the run must stop now (cancelled, or given up by this worker): checked between steps. */
    public boolean shouldStop() {
        return cancelRequested.get() || abandonRequested.get();
    }

    public boolean isCancelRequested() {
        return cancelRequested.get();
    }

    public boolean isAbandoned() {
        return abandonRequested.get();
    }

    void requestCancel() {
        cancelRequested.set(true);
    }

    void requestAbandon() {
        abandonRequested.set(true);
    }

    /** Reports progress (at most at the configured rate; in between only remembered). */
    public void progress(String phase, int step, int totalSteps, Double etaSeconds, Map<String, Double> metrics) {
        Progress progress = new Progress(step, totalSteps, phase, etaSeconds);
        lastProgress = progress;
        if (metrics != null && !metrics.isEmpty()) {
            lastMetrics = Map.copyOf(metrics);
        }
        List<Artifact> news = takeUnannounced();
        if (!reporter.progress(progress, lastMetrics, news)) {
            giveBack(news);
        }
    }

    /** Uploads a result file to {@code jobs/{jobId}/{name}} in the artifacts bucket. */
    public Artifact uploadArtifact(String name, Path file, String contentType) {
        StoredObject stored = store.upload(buckets.artifactsBucket(), ObjectKeys.jobArtifact(dispatch.jobId(), name),
                file, contentType);
        return remember(artifact(name, stored));
    }

    /** Uploads a resumable checkpoint and reports it with a CHECKPOINT event. */
    public CheckpointRef uploadCheckpoint(Path file, int step) {
        String key = ObjectKeys.checkpoint(dispatch.jobId(), step);
        store.upload(buckets.modelsBucket(), key, file, "application/zip");
        CheckpointRef ref = new CheckpointRef(buckets.modelsBucket(), key, step);
        lastCheckpoint = ref;
        Progress progress = lastProgress;
        Map<String, Double> metrics = lastMetrics;
        reporter.send(events -> events.checkpoint(ref, progress, metrics));
        return ref;
    }

    /** Uploads the final model where the dispatch asks for it. */
    public Artifact uploadModel(Path file, ModelRef target) {
        StoredObject stored = store.upload(target.bucket(), target.key(), file, "application/zip");
        return artifact(ObjectKeys.MODEL_FILE, stored);
    }

    /**
     * Uploads a file beside the model, {@code models/{modelId}/{name}} in the model's bucket, and reports it as an
     * artifact of the job under {@code name} (a model's {@value ObjectKeys#MODEL_WEIGHTS} and
     * {@value ObjectKeys#MODEL_SPEC}).
     */
    public Artifact uploadModelFile(ModelRef target, String name, Path file, String contentType) {
        StoredObject stored = store.upload(target.bucket(), ObjectKeys.modelFile(target.modelId(), name), file,
                contentType);
        return remember(artifact(name, stored));
    }

    /** Reports an object this job did not upload (an import's source file) as an artifact of the job. */
    public Artifact reportArtifact(String name, StoredObject stored) {
        return remember(artifact(name, stored));
    }

    private Artifact remember(Artifact artifact) {
        synchronized (artifacts) {
            artifacts.removeIf(a -> a.name().equals(artifact.name()));
            artifacts.add(artifact);
            unannounced.add(artifact);
        }
        return artifact;
    }

    /** Every artifact uploaded so far, in upload order (the latest of each name). */
    public List<Artifact> artifacts() {
        synchronized (artifacts) {
            return List.copyOf(artifacts);
        }
    }

    public Progress lastProgress() {
        return lastProgress;
    }

    public CheckpointRef lastCheckpoint() {
        return lastCheckpoint;
    }

    public Map<String, Double> lastMetrics() {
        return lastMetrics;
    }

    private List<Artifact> takeUnannounced() {
        synchronized (artifacts) {
            List<Artifact> news = List.copyOf(unannounced);
            unannounced.clear();
            return news;
        }
    }

    private void giveBack(List<Artifact> news) {
        if (!news.isEmpty()) {
            synchronized (artifacts) {
                unannounced.addAll(0, news);
            }
        }
    }

    private static Artifact artifact(String name, StoredObject stored) {
        return new Artifact(name, stored.bucket(), stored.key(), stored.contentType(), stored.sizeBytes(),
                stored.sha256());
    }
}
