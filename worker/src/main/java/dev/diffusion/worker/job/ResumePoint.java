package dev.diffusion.worker.job;

import dev.diffusion.common.messaging.CheckpointRef;
import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.worker.storage.ObjectStore;
import dev.diffusion.worker.storage.ObjectSummary;
import dev.diffusion.worker.storage.StorageException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Where a training attempt starts: the newest checkpoint of the job in object storage — the dispatch's
 * {@code resumeFrom}, or a later one the job wrote (a worker that was stopped or lost its partition uploads
 * a checkpoint of its last step, and the worker that takes the dispatch over finds it here). A checkpoint
 * holds model, EMA, optimizer, step and random state, so continuing from any of them gives the same
 * weights as an uninterrupted run.
 */
final class ResumePoint {

    private static final Logger LOG = Logger.getLogger(ResumePoint.class);
    private static final Pattern STEP = Pattern.compile("step-(\\d+)\\.ckpt$");

    private final ObjectStore store;
    private final JobContext context;

    ResumePoint(ObjectStore store, JobContext context) {
        this.store = store;
        this.context = context;
    }

    /**
     * A downloaded checkpoint.
     *
     * @param file where it is
     * @param step the step it continues at
     */
    record Found(Path file, int step) {
    }

    /** Downloads the newest checkpoint up to {@code totalSteps}; null when training starts from scratch. */
    Found download(CheckpointRef resumeFrom, int totalSteps) {
        Optional<CheckpointRef> newest = newest(resumeFrom, totalSteps);
        if (newest.isEmpty()) {
            return null;
        }
        CheckpointRef checkpoint = newest.get();
        Path file = context.folder().resolve("resume").resolve("step-" + checkpoint.step() + ".ckpt");
        try {
            store.download(checkpoint.bucket(), checkpoint.key(), file);
            return new Found(file, checkpoint.step());
        } catch (StorageException e) {
            if (e.isTransient()) {
                throw e;
            }
            LOG.warnf("job %s: checkpoint %s cannot be read (%s); training starts from step 0",
                    context.dispatch().jobId(), ObjectStore.uri(checkpoint.bucket(), checkpoint.key()), e.getMessage());
            return null;
        }
    }

    private Optional<CheckpointRef> newest(CheckpointRef resumeFrom, int totalSteps) {
        String bucket = resumeFrom != null ? resumeFrom.bucket() : context.buckets().modelsBucket();
        String prefix = "checkpoints/" + context.dispatch().jobId() + "/";
        Optional<CheckpointRef> listed = store.list(bucket, prefix).stream()
                .map(ObjectSummary::key)
                .map(key -> stepOf(key).map(step -> new CheckpointRef(bucket, key, step)))
                .flatMap(Optional::stream)
                .filter(c -> c.step() > 0 && c.step() <= totalSteps
                        && c.key().equals(ObjectKeys.checkpoint(context.dispatch().jobId(), c.step())))
                .max(Comparator.comparingInt(CheckpointRef::step));
        if (resumeFrom == null) {
            return listed;
        }
        return listed.filter(l -> l.step() > resumeFrom.step()).or(() -> Optional.of(resumeFrom));
    }

    private static Optional<Integer> stepOf(String key) {
        Matcher m = STEP.matcher(key);
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }
}
