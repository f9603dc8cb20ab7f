package dev.diffusion.deploy.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;

/**
 * Keeps the embedded servers' logging at WARN. In this module's own JVMs slf4j-simple does it (see
 * {@code simplelogger.properties}); in a Quarkus test JVM slf4j goes to JBoss LogManager, a
 * {@code java.util.logging} manager, so the levels are set there before the broker starts, and repeated as
 * Quarkus configuration for when the application configures logging.
 */
public final class QuietLogging {

    /**
     * Logger categories of the embedded servers and their level. The KRaft controller logs its routine
     * activation at WARN, hence ERROR for it.
     */
    public static final Map<String, Level> CATEGORIES = Map.of(
            "kafka", Level.WARNING,
            "org.apache.kafka", Level.WARNING,
            "org.apache.kafka.controller", Level.SEVERE,
            "state.change.logger", Level.WARNING,
            "io.zonky", Level.WARNING);

    /** Strong references: java.util.logging forgets the level of a logger that is garbage collected. */
    private static final List<java.util.logging.Logger> QUIETED = new ArrayList<>();

    private QuietLogging() {
    }

    /** Sets the level of every category of {@link #CATEGORIES} in {@code java.util.logging}. */
    public static synchronized void apply() {
        CATEGORIES.forEach((category, level) -> {
            java.util.logging.Logger logger = java.util.logging.Logger.getLogger(category);
            logger.setLevel(level);
            QUIETED.add(logger);
        });
    }

    /** {@code quarkus.log.category."<category>".level=WARN} (or ERROR) for every category. */
    public static Map<String, String> quarkusConfiguration() {
        return CATEGORIES.entrySet().stream().collect(Collectors.toMap(
                entry -> "quarkus.log.category.\"" + entry.getKey() + "\".level",
                entry -> entry.getValue() == Level.SEVERE ? "ERROR" : "WARN"));
    }
}
