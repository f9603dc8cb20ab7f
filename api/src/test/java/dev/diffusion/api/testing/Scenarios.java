package dev.diffusion.api.testing;

import static dev.diffusion.api.testing.Api.awaitStatus;
import static dev.diffusion.api.testing.Api.getJob;

import dev.diffusion.common.messaging.JobDispatch;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Multi-step set-ups shared by the tests, driven through the real api, Kafka and S3. */
public final class Scenarios {

    private Scenarios() {
    }

    /** Waits for the job's dispatch of {@code attempt}, starts it on {@code worker} and waits for RUNNING. */
    public static TestWorker.Run running(UUID jobId, int attempt, TestWorker worker) {
        JobDispatch dispatch = KafkaTestClient.get().awaitDispatch(jobId, attempt);
        TestWorker.Run run = worker.start(dispatch);
        awaitStatus(jobId, "RUNNING");
        return run;
    }

    /** As {@link #running(UUID, int, TestWorker)} for a job of the tenant of {@code key}. */
    public static TestWorker.Run running(UUID jobId, int attempt, TestWorker worker, String key) {
        JobDispatch dispatch = KafkaTestClient.get().awaitDispatch(jobId, attempt);
        TestWorker.Run run = worker.start(dispatch);
        awaitStatus(jobId, "RUNNING", key);
        return run;
    }

    /** A training job taken to SUCCEEDED; returns the registered model's id. */
    public static UUID trainedModel(TestWorker worker, int timesteps, int numClasses) {
        UUID jobId = Api.submitTraining("{\"dataset\":\"shapes\",\"steps\":20,\"seed\":5,\"schedule\":{\"timesteps\":"
                + timesteps + "},\"model\":{\"numClasses\":" + numClasses + "}}");
        TestWorker.Run run = running(jobId, 1, worker);
        run.progress(20, 20, 0.05);
        run.succeedTraining("weights".getBytes(), List.of(), Map.of("loss", 0.05));
        awaitStatus(jobId, "SUCCEEDED");
        return UUID.fromString(getJob(jobId).extract().path("modelId"));
    }
}
