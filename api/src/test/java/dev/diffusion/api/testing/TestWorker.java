package dev.diffusion.api.testing;

import dev.diffusion.common.messaging.Artifact;
import dev.diffusion.common.messaging.AttemptEvents;
import dev.diffusion.common.messaging.CheckpointRef;
import dev.diffusion.common.messaging.JobDispatch;
import dev.diffusion.common.messaging.JobError;
import dev.diffusion.common.messaging.JobEvent;
import dev.diffusion.common.messaging.Progress;
import dev.diffusion.common.storage.ObjectKeys;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Plays a worker over the real servers: uploads files to S3 and publishes the events of one attempt to
 * Kafka, following the message contract. Tests use it to drive the api exactly as a worker would.
 */
public final class TestWorker {

    private final String workerId;
    private final MinioClient s3;
    private final KafkaTestClient kafka = KafkaTestClient.get();

    public TestWorker(String workerId, MinioClient s3) {
        this.workerId = workerId;
        this.s3 = s3;
    }

    /** Starts the dispatched attempt: publishes STARTED. */
    public Run start(JobDispatch dispatch) {
        Run run = new Run(dispatch, AttemptEvents.forDispatch(dispatch, workerId, Clock.systemUTC()));
        run.send(run.events.started());
        return run;
    }

    /** One attempt in progress. */
    public final class Run {

        private final JobDispatch dispatch;
        private final AttemptEvents events;

        private Run(JobDispatch dispatch, AttemptEvents events) {
            this.dispatch = dispatch;
            this.events = events;
        }

        public AttemptEvents events() {
            return events;
        }

        public JobEvent send(JobEvent event) {
            kafka.publish(event);
            return event;
        }

        public JobEvent progress(int step, int total, double loss) {
            return send(events.progress(new Progress(step, total, "training", (total - step) * 0.1),
                    Map.of("loss", loss, "secondsPerStep", 0.1)));
        }

        public JobEvent heartbeat() {
            return send(events.heartbeat());
        }

        /** Uploads a checkpoint file and reports it. */
        public CheckpointRef checkpoint(int step, int total) {
            String key = ObjectKeys.checkpoint(dispatch.jobId(), step);
            upload(ObjectKeys.MODELS_BUCKET, key, ("checkpoint at " + step).getBytes(), "application/octet-stream");
            CheckpointRef ref = new CheckpointRef(ObjectKeys.MODELS_BUCKET, key, step);
            send(events.checkpoint(ref, new Progress(step, total, "training", null), Map.of()));
            return ref;
        }

        /** Uploads an artifact of the job and describes it. */
        public Artifact artifact(String name, byte[] content, String contentType) {
            String key = ObjectKeys.jobArtifact(dispatch.jobId(), name);
            upload(ObjectKeys.ARTIFACTS_BUCKET, key, content, contentType);
            return new Artifact(name, ObjectKeys.ARTIFACTS_BUCKET, key, contentType, content.length, sha256(content));
        }

        /** Uploads the model file where the dispatch says and reports success with it. */
        public JobEvent succeedTraining(byte[] model, List<Artifact> artifacts, Map<String, Double> metrics) {
            var target = dispatch.training().model();
            upload(target.bucket(), target.key(), model, "application/octet-stream");
            Artifact file = new Artifact(ObjectKeys.MODEL_FILE, target.bucket(), target.key(), "application/octet-stream",
                    model.length, sha256(model));
            return send(events.succeeded(artifacts, file, metrics));
        }

        /** Uploads a file beside the dispatch's model ({@code model.safetensors}, {@code model-spec.json}) and describes it. */
        public Artifact modelFile(String name, byte[] content, String contentType) {
            var target = dispatch.training() != null ? dispatch.training().model() : dispatch.modelImport().model();
            String key = ObjectKeys.modelFile(target.modelId(), name);
            upload(target.bucket(), key, content, contentType);
            return new Artifact(name, target.bucket(), key, contentType, content.length, sha256(content));
        }

        /** Uploads the model file of an import where the dispatch says and reports success with it. */
        public JobEvent succeedImport(byte[] model, List<Artifact> artifacts, Map<String, Double> metrics) {
            var target = dispatch.modelImport().model();
            upload(target.bucket(), target.key(), model, "application/zip");
            Artifact file = new Artifact(ObjectKeys.MODEL_FILE, target.bucket(), target.key(), "application/zip",
                    model.length, sha256(model));
            return send(events.succeeded(artifacts, file, metrics));
        }

        public JobEvent succeedGeneration(List<Artifact> artifacts) {
            return send(events.succeeded(artifacts, Map.of()));
        }

        /** Reports success of a generation or evaluation attempt with its files and final metrics. */
        public JobEvent succeed(List<Artifact> artifacts, Map<String, Double> metrics) {
            return send(events.succeeded(artifacts, metrics));
        }

        public JobEvent fail(String code, String message, boolean retryable) {
            return send(events.failed(new JobError(code, message, retryable), List.of()));
        }

        public JobEvent cancelled(List<Artifact> kept) {
            return send(events.cancelled(kept, null, null));
        }
    }

    private void upload(String bucket, String key, byte[] content, String contentType) {
        try {
            s3.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(new ByteArrayInputStream(content), content.length, -1).contentType(contentType).build());
        } catch (Exception e) {
            throw new IllegalStateException("cannot upload s3://" + bucket + "/" + key, e);
        }
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
