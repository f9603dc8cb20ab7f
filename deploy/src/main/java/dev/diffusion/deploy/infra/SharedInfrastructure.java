package dev.diffusion.deploy.infra;

import dev.diffusion.deploy.infra.ServiceSettings.Service;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One {@link LocalInfrastructure} per JVM for the Quarkus tests of api and worker: started lazily by the first
 * caller with a temporary data folder, a fast (not crash-safe) PostgreSQL, the default topics
 * ({@value #PARTITIONS} partitions each) and buckets, and closed by {@link #close()} or its JVM shutdown hook.
 *
 * <p>Strictly it is one per class loader: Quarkus loads test resources and tests in the application's class
 * loader, which is replaced when a test needs a different test profile or resources. The test resources
 * therefore close the instance in their {@code stop()}, while that class loader is still open, and the next
 * application starts a fresh one.
 */
public final class SharedInfrastructure {

    /** Partitions of each default topic, enough for tests with several consumers in one group. */
    public static final int PARTITIONS = 3;

    private static LocalInfrastructure instance;

    private SharedInfrastructure() {
    }

    /** The running shared instance; if none runs yet, starts one with all servers. */
    public static synchronized LocalInfrastructure get() {
        return instance != null ? instance : start(EnumSet.allOf(Component.class));
    }

    /** The running shared instance; if none runs yet, starts one with the servers {@code service} uses. */
    public static synchronized LocalInfrastructure get(Service service) {
        return instance != null ? instance : start(ServiceSettings.components(service));
    }

    private static LocalInfrastructure start(Set<Component> components) {
        QuietLogging.apply();
        LocalInfrastructure started = LocalInfrastructure.builder().optComponents(components)
                .optFastPostgres(true).start();
        try {
            started.createDefaultTopicsAndBuckets(PARTITIONS);
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        instance = started;
        return started;
    }

    /**
     * What a Quarkus test resource returns for {@code service}: the connection settings of
     * {@link LocalInfrastructure#configuration(Service)} plus WARN levels for the servers' log categories.
     */
    public static Map<String, String> quarkusConfiguration(Service service) {
        Map<String, String> configuration = new LinkedHashMap<>(get(service).configuration(service));
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
