package dev.diffusion.api.storage;

import dev.diffusion.api.config.DiffusionConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Creates the buckets at start-up; if storage is down, keeps trying in the background so the api still starts. */
@ApplicationScoped
public class StorageStartup {

    private static final Logger LOG = Logger.getLogger(StorageStartup.class);

    private final Buckets buckets;
    private final boolean enabled;
    private volatile boolean running = true;

    @Inject
    public StorageStartup(Buckets buckets, DiffusionConfig config) {
        this.buckets = buckets;
        this.enabled = config.s3().createBuckets();
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        try {
            buckets.ensureExist();
            return;
        } catch (Exception e) {
            LOG.warnf("object storage is not reachable at start-up (%s); creating the buckets in the background",
                    e.getMessage());
        }
        Thread t = new Thread(this::createUntilDone, "s3-buckets");
        t.setDaemon(true);
        t.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
    }

    private void createUntilDone() {
        long delayMs = 500;
        while (running) {
            try {
                buckets.ensureExist();
                return;
            } catch (Exception e) {
                LOG.warnf("cannot create buckets yet (%s); retrying in %d ms", e.getMessage(), delayMs);
                try {
                    Thread.sleep(delayMs);
                } catch (InterruptedException ie) {
                    return;
                }
                delayMs = Math.min(10_000, delayMs * 2);
            }
        }
    }
}
