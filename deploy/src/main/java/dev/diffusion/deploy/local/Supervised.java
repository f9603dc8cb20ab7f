package dev.diffusion.deploy.local;

import java.nio.file.Path;
import java.util.OptionalInt;

/** A child process the launcher keeps running ({@link Supervisor}). */
public interface Supervised {

    /** Short name for messages, e.g. {@code worker}. */
    String name();

    long pid();

    boolean isAlive();

    /** The exit code once the process has ended. */
    OptionalInt exitCode();

    Path logFile();

    /** Asks the process to end, then kills it after a grace period. */
    void stop();
}
