package dev.diffusion.worker.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Applies {@code diffusion.djl.*} before any command or job touches DJL. DJL reads these settings from
 * system properties or the environment only; an environment variable ({@code DJL_OFFLINE},
 * {@code DJL_CACHE_DIR}) or a {@code -D} flag given explicitly wins.
 */
@ApplicationScoped
public class DjlSettings {

    void apply(@Observes StartupEvent event, WorkerConfig config) {
        if (config.djl().offline() && System.getenv("DJL_OFFLINE") == null) {
            System.getProperties().putIfAbsent("ai.djl.offline", "true");
        }
        config.djl().cacheDir().ifPresent(dir -> {
            if (System.getenv("DJL_CACHE_DIR") == null) {
                System.getProperties().putIfAbsent("DJL_CACHE_DIR", dir.toAbsolutePath().toString());
            }
        });
    }
}
