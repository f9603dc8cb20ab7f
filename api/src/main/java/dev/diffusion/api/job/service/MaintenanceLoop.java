package dev.diffusion.api.job.service;

import dev.diffusion.api.config.DiffusionConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Runs the {@link JobSweeper} and the {@link JobMetrics} refresh on one background thread. */
@ApplicationScoped
public class MaintenanceLoop {

    private static final Logger LOG = Logger.getLogger(MaintenanceLoop.class);

    private final JobSweeper sweeper;
    private final JobMetrics metrics;
    private final DiffusionConfig.Sweeper config;
    private ScheduledExecutorService executor;

    @Inject
    public MaintenanceLoop(JobSweeper sweeper, JobMetrics metrics, DiffusionConfig config) {
        this.sweeper = sweeper;
        this.metrics = metrics;
        this.config = config.sweeper();
    }

    void onStart(@Observes StartupEvent event) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "job-maintenance");
            t.setDaemon(true);
            return t;
        });
        if (config.enabled()) {
            long every = config.interval().toMillis();
            executor.scheduleWithFixedDelay(() -> guarded("sweep", sweeper::sweep), every, every, TimeUnit.MILLISECONDS);
        }
        long metricsEvery = config.metricsInterval().toMillis();
        executor.scheduleWithFixedDelay(() -> guarded("metrics refresh", metrics::refresh), 0, metricsEvery,
                TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        if (executor != null) {
            executor.shutdownNow();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static void guarded(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warnf("%s failed: %s", what, e.getMessage());
        }
    }
}
