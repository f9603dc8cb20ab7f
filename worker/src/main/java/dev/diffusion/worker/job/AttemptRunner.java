package dev.diffusion.worker.job;

import dev.diffusion.common.messaging.AttemptEvents;
import dev.diffusion.common.messaging.JobError;
import dev.diffusion.common.messaging.JobEvent;
import dev.diffusion.common.messaging.JobType;
import dev.diffusion.worker.messaging.JobLauncher.RunEnd;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The life of one attempt on the job thread: STARTED (delivered before any work), heartbeats from the
 * scheduler thread while the executor works, then exactly one final event — SUCCEEDED with every
 * artifact (and the model for training and import), CANCELLED with what was kept, or FAILED with a classified
 * error — delivered before the run counts as {@link RunEnd#COMPLETED}. An abandoned run sends no final
 * event and ends {@link RunEnd#ABANDONED}.
 */
final class AttemptRunner {

    private static final Logger LOG = Logger.getLogger(AttemptRunner.class);

    private final ScheduledExecutorService heartbeats;
    private final Duration heartbeatInterval;

    AttemptRunner(ScheduledExecutorService heartbeats, Duration heartbeatInterval) {
        this.heartbeats = heartbeats;
        this.heartbeatInterval = heartbeatInterval;
    }

    RunEnd run(RunningJob job, JobExecutor executor) {
        JobContext context = job.context();
        AttemptReporter reporter = job.reporter();
        long begin = System.nanoTime();
        if (!reporter.started(context::isAbandoned)) {
            reporter.close();
            return RunEnd.ABANDONED;
        }
        long interval = heartbeatInterval.toMillis();
        ScheduledFuture<?> beating = heartbeats.scheduleAtFixedRate(reporter::heartbeat, interval, interval,
                TimeUnit.MILLISECONDS);
        Function<AttemptEvents, JobEvent> last;
        try {
            if (executor == null) {
                throw JobFailure.permanent(JobFailure.INVALID_SPEC, "this worker cannot run "
                        + job.dispatch().type() + " jobs");
            }
            JobOutcome outcome = context.isCancelRequested()
                    ? JobOutcome.stoppedEarly(context.lastMetrics())
                    : executor.execute(context);
            last = finalEvent(job, outcome);
        } catch (Throwable failure) {
            if (!context.isAbandoned()) {
                JobError error = FailureClassifier.classify(failure);
                logFailure(job, error, failure);
                last = events -> events.failed(error, context.artifacts());
            } else {
                last = null;
            }
            if (failure instanceof Error && !(failure instanceof OutOfMemoryError)) {
                LOG.errorf(failure, "%s: fatal error", job);
            }
        } finally {
            beating.cancel(false);
        }
        if (context.isAbandoned() || last == null) {
            reporter.close();
            LOG.infof("%s abandoned after %.1f s (no final event, dispatch not committed)", job, seconds(begin));
            return RunEnd.ABANDONED;
        }
        boolean delivered = reporter.finish(last, context::isAbandoned);
        LOG.infof("%s ended after %.1f s%s", job, seconds(begin), delivered ? "" : " (final event not delivered)");
        return delivered ? RunEnd.COMPLETED : RunEnd.ABANDONED;
    }

    private static Function<AttemptEvents, JobEvent> finalEvent(RunningJob job, JobOutcome outcome) {
        JobContext context = job.context();
        if (outcome.cancelled()) {
            return events -> events.cancelled(context.artifacts(), context.lastCheckpoint(), context.lastProgress());
        }
        if (job.dispatch().type() == JobType.TRAINING || job.dispatch().type() == JobType.IMPORT) {
            if (outcome.model() == null) {
                JobError error = new JobError(JobFailure.INTERNAL, job.dispatch().type().name().toLowerCase(
                        java.util.Locale.ROOT) + " finished without a model file", true);
                return events -> events.failed(error, context.artifacts());
            }
            return events -> events.succeeded(context.artifacts(), outcome.model(), outcome.metrics());
        }
        return events -> events.succeeded(context.artifacts(), outcome.metrics());
    }

    private static void logFailure(RunningJob job, JobError error, Throwable failure) {
        if (error.retryable() || JobFailure.INTERNAL.equals(error.code())) {
            LOG.warnf(failure, "%s failed: %s %s (retryable: %s)", job, error.code(), error.message(), error.retryable());
        } else {
            LOG.infof("%s failed: %s %s", job, error.code(), error.message());
        }
    }

    private static double seconds(long beginNanos) {
        return (System.nanoTime() - beginNanos) / 1e9;
    }
}
