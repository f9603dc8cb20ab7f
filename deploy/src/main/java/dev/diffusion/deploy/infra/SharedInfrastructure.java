package dev.diffusion.deploy.infra;

import dev.diffusion.deploy.infra.ServiceSettings.Service;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@link LocalInfrastructure} per JVM (per class loader, strictly) for the Quarkus tests of api and
 * worker: started lazily by the first caller with a temporary data folder, the default topics
 * ({@value #PARTITIONS} partitions each) and buckets, and closed by its JVM shutdown hook or {@link #close()}.
 */
public final class SharedInfrastructure {

    /** Partitions of each default topic, enough for tests with several consumers in one group. */
    public static final int PARTITIONS = 3;

    private static LocalInfrastructure instance;

    private SharedInfrastructure() {
    }

    /** The running shared instance, started on first use. */
    public static synchronized LocalInfrastructure get() {
        if (instance == null) {
            QuietLogging.apply();
            LocalInfrastructure started = LocalInfrastructure.builder().start();
            try {
                started.createDefaultTopicsAndBuckets(PARTITIONS);
            } catch (RuntimeException e) {
                started.close();
                throw e;
            }
            instance = started;
        }
        return instance;
    }

    /**
     * What a Quarkus test resource returns for {@code service}: the connection settings of
     * {@link LocalInfrastructure#configuration(Service)} plus WARN levels for the servers' log categories.
     */
    public static Map<String, String> quarkusConfiguration(Service service) {
        Map<String, String> configuration = new LinkedHashMap<>(get().configuration(service));
        configuration.putAll(QuietLogging.quarkusConfiguration());
        return configuration;
    }

    /** Stops the shared instance now; the next {@link #get()} starts a fresh one. */
    public static synchronized void close() {
        if (instance != null) {
            try {
                instance.close();
            } finally {
                instance = null;
            }
        }
    }
}
