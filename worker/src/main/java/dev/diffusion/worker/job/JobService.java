package dev.diffusion.worker.job;

import dev.diffusion.engine.numerics.EngineNumerics;
import dev.diffusion.engine.numerics.NumericsReport;
import dev.diffusion.common.messaging.AttemptEvents;
import dev.diffusion.common.messaging.ControlCommand;
import dev.diffusion.common.messaging.JobControl;
import dev.diffusion.common.messaging.JobDispatch;
import dev.diffusion.common.messaging.JobType;
import dev.diffusion.worker.config.WorkerConfig;
import dev.diffusion.worker.config.WorkerIdentity;
import dev.diffusion.worker.messaging.ControlListener;
import dev.diffusion.worker.messaging.DispatchConsumer;
import dev.diffusion.worker.messaging.EventPublisher;
import dev.diffusion.worker.messaging.JobLauncher;
import dev.diffusion.worker.messaging.KafkaClients;
import dev.diffusion.worker.storage.ObjectStore;
import dev.diffusion.worker.storage.StorageException;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The worker as a job-executing service: a consumer of the jobs topic in the workers' group, a listener on
 * every control partition, up to {@code diffusion.jobs.max-concurrent} runs on job threads and a heartbeat
 * thread. Started by {@link dev.diffusion.worker.WorkerMain} without arguments (and by tests).
 *
 * <p>Stopping (SIGTERM → Quarkus shutdown): no new dispatch is taken; a running job is <em>abandoned</em>
 * — it stops within one step, uploads its last checkpoint and sends no final event — and its dispatch is
 * not committed. Leaving the group hands the partition to another worker at once, which receives the same
 * dispatch again and takes the attempt over (training continues from the newest checkpoint); if no worker
 * is left, the api's sweeper re-queues the job when its heartbeats stop.
 */
@ApplicationScoped
public class JobService implements JobLauncher {

    private static final Logger LOG = Logger.getLogger(JobService.class);

    private final WorkerConfig config;
    private final String workerId;
    private final ObjectStore store;
    private final Map<JobType, JobExecutor> executors = new EnumMap<>(JobType.class);
    private final Clock clock = Clock.systemUTC();
    private final Map<UUID, RunningJob> running = new ConcurrentHashMap<>();
    private final AttemptLedger ledger;

    private EventPublisher publisher;
    private DispatchConsumer dispatchConsumer;
    private ControlListener controlListener;
    private Thread consumerThread;
    private Thread controlThread;
    private ExecutorService jobThreads;
    private ScheduledExecutorService heartbeatThread;
    private AttemptRunner runner;
    private volatile boolean started;

    @Inject
    public JobService(WorkerConfig config, WorkerIdentity identity, ObjectStore store, Instance<JobExecutor> executors) {
        this.config = config;
        this.workerId = identity.id();
        this.store = store;
        executors.forEach(e -> this.executors.put(e.type(), e));
        this.ledger = new AttemptLedger(config.jobs().cancelMemory());
        if (config.jobs().maxConcurrent() < 1) {
            throw new IllegalArgumentException("diffusion.jobs.max-concurrent must be at least 1, got "
                    + config.jobs().maxConcurrent());
        }
    }

    /** Starts consuming; idempotent. Buckets are created first when configured (failure is only logged). */
    public synchronized void start() {
        if (started) {
            return;
        }
        NumericsReport numerics = EngineNumerics.establish(config.engine().kernels());
        if (!numerics.passed()) {
            LOG.errorf("engine self-check %s; this worker takes no job (diffusion.engine.kernels=%s)",
                    numerics.summary(), config.engine().kernels().name().toLowerCase(java.util.Locale.ROOT));
            return;
        }
        LOG.infof("engine self-check %s", numerics.summary());
        WorkerConfig.Kafka kafka = config.kafka();
        WorkerConfig.Jobs jobs = config.jobs();
        if (config.s3().createBuckets()) {
            try {
                store.ensureBuckets(List.of(config.s3().artifactsBucket(), config.s3().modelsBucket(),
                        config.s3().datasetsBucket()));
            } catch (StorageException e) {
                LOG.warnf("cannot check the buckets at start-up (jobs will report storage errors): %s", e.getMessage());
            }
        }
        KafkaClients clients = new KafkaClients(kafka, workerId);
        publisher = new EventPublisher(clients.producer(), kafka.topics().events(), kafka.topics().deadLetters());
        heartbeatThread = Executors.newSingleThreadScheduledExecutor(daemon("heartbeats"));
        jobThreads = Executors.newFixedThreadPool(jobs.maxConcurrent(), daemon("job"));
        runner = new AttemptRunner(heartbeatThread, jobs.heartbeatInterval());
        controlListener = new ControlListener(clients.controlConsumer(), kafka.topics().control(), kafka.pollTimeout(),
                this::onControl);
        dispatchConsumer = new DispatchConsumer(clients.dispatchConsumer(), kafka.topics().jobs(), kafka.pollTimeout(),
                jobs.abandonTimeout(), this, publisher, workerId, clock);
        controlThread = daemon("job-control").newThread(controlListener);
        consumerThread = daemon("job-dispatch").newThread(dispatchConsumer);
        controlThread.start();
        consumerThread.start();
        started = true;
        LOG.infof("worker %s consumes %s in group %s (up to %d job(s) at a time)", workerId, kafka.topics().jobs(),
                kafka.consumerGroup(), jobs.maxConcurrent());
    }

    /** Stops consuming; running jobs are abandoned (see the class comment). Idempotent. */
    public synchronized void stop() {
        if (!started) {
            return;
        }
        started = false;
        LOG.infof("worker %s stopping", workerId);
        dispatchConsumer.stop();
        join(consumerThread, config.jobs().abandonTimeout().plusSeconds(10));
        controlListener.stop();
        join(controlThread, Duration.ofSeconds(5));
        heartbeatThread.shutdownNow();
        jobThreads.shutdownNow();
        publisher.close(Duration.ofSeconds(5));
        LOG.infof("worker %s stopped", workerId);
    }

    void onShutdown(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
        stop();
    }

    public boolean isStarted() {
        return started;
    }

    /** Whether the consumer and control threads are alive (false before {@link #start()}). */
    public boolean isHealthy() {
        return started && consumerThread.isAlive() && controlThread.isAlive();
    }

    /** Whether the control listener has found and assigned the control partitions. */
    public boolean isListeningForControl() {
        return started && controlListener.isAssigned();
    }

    public String workerId() {
        return workerId;
    }

    /** The attempts running now, as {@code jobId → attempt}. */
    public Map<UUID, Integer> runningAttempts() {
        Map<UUID, Integer> attempts = new ConcurrentHashMap<>();
        running.forEach((id, job) -> attempts.put(id, job.dispatch().attempt()));
        return attempts;
    }

    // ---- JobLauncher (consumer thread) ----

    @Override
    public boolean hasCapacity() {
        return running.size() < config.jobs().maxConcurrent();
    }

    @Override
    public void noteAttempt(UUID jobId, int attempt) {
        ledger.noteAttempt(jobId, attempt);
    }

    @Override
    public Admission admit(JobDispatch dispatch) {
        Optional<String> skip = ledger.skipReason(dispatch, clock.instant());
        if (skip.isPresent()) {
            return Admission.skip(skip.get());
        }
        RunningJob here = running.get(dispatch.jobId());
        if (here != null) {
            int attempt = here.dispatch().attempt();
            if (attempt > dispatch.attempt()) {
                return Admission.skip("stale: attempt " + attempt + " runs here");
            }
            if (attempt < dispatch.attempt()) {
                LOG.infof("%s is superseded by attempt %d: cancelling it", here, dispatch.attempt());
                here.cancel();
            }
            return Admission.defer("attempt " + attempt + " of this job still runs here");
        }
        return Admission.run();
    }

    @Override
    public CompletableFuture<RunEnd> launch(JobDispatch dispatch) {
        WorkerConfig.Jobs jobs = config.jobs();
        int run = ledger.noteRun(dispatch.jobId(), dispatch.attempt());
        // Events are numbered from 0 per (job, attempt, worker id): a second run of the same attempt here
        // reports under its own id, which the api treats as a take-over, instead of repeating old numbers.
        String reportedId = run == 1 ? workerId : workerId + "/run-" + run;
        AttemptReporter reporter = new AttemptReporter(publisher, AttemptEvents.forDispatch(dispatch, reportedId, clock),
                jobs.progressMaxRate(), jobs.publishRetryBackoff());
        Path folder = jobs.workDir().resolve("jobs").resolve(safe(workerId))
                .resolve(dispatch.jobId() + "-attempt-" + dispatch.attempt());
        JobContext context = new JobContext(dispatch, folder, jobs.workDir().resolve("cache"), store, config.s3(),
                reporter);
        RunningJob job = new RunningJob(dispatch, context, reporter);
        running.put(dispatch.jobId(), job);
        if (ledger.isCancelled(dispatch.jobId(), dispatch.attempt(), clock.instant())) {
            job.cancel();
        }
        jobThreads.execute(() -> runOnJobThread(job));
        return job.end();
    }

    private void runOnJobThread(RunningJob job) {
        RunEnd end = RunEnd.ABANDONED;
        try {
            Files.createDirectories(job.context().folder());
            end = runner.run(job, executors.get(job.dispatch().type()));
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "%s could not run", job);
        } finally {
            if (end == RunEnd.COMPLETED) {
                ledger.noteFinished(job.dispatch().jobId(), job.dispatch().attempt());
            }
            running.remove(job.dispatch().jobId(), job);
            deleteFolder(job.context().folder());
            job.end().complete(end);
        }
    }

    @Override
    public void abandon(Collection<UUID> jobIds, Duration timeout) {
        List<RunningJob> jobs = jobIds.stream().map(running::get).filter(java.util.Objects::nonNull).toList();
        jobs.forEach(RunningJob::abandon);
        try {
            CompletableFuture.allOf(jobs.stream().map(RunningJob::end).toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("%s did not stop within %s; going on without them", jobs, timeout);
        }
    }

    // ---- control topic (control thread) ----

    void onControl(JobControl control) {
        if (control.command() != ControlCommand.CANCEL) {
            return;
        }
        ledger.noteCancel(control.jobId(), control.attempt(), clock.instant());
        RunningJob job = running.get(control.jobId());
        if (job != null && control.appliesTo(job.dispatch().jobId(), job.dispatch().attempt())) {
            LOG.infof("cancelling %s: %s", job, control.reason());
            job.cancel();
        }
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static void deleteFolder(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debugf("cannot delete %s: %s", folder, e.getMessage());
        }
    }

    private static void join(Thread thread, Duration timeout) {
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "diffusion-" + name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
