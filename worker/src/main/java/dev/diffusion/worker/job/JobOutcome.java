package dev.diffusion.worker.job;

import dev.diffusion.common.messaging.Artifact;
import java.util.Map;

/**
 * How an executor's run ended, when it did not throw. The artifacts, checkpoint and progress it made are
 * in its {@link JobContext}.
 *
 * @param cancelled whether it stopped early because the job was cancelled (or abandoned)
 * @param model     the uploaded final model of a finished training run, else null
 * @param metrics   final metrics (e.g. loss), never null
 */
public record JobOutcome(boolean cancelled, Artifact model, Map<String, Double> metrics) {

    public JobOutcome {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }

    public static JobOutcome finished(Artifact model, Map<String, Double> metrics) {
        return new JobOutcome(false, model, metrics);
    }

    public static JobOutcome stoppedEarly(Map<String, Double> metrics) {
        return new JobOutcome(true, null, metrics);
    }
}
