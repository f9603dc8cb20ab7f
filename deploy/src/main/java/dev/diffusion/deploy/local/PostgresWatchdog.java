package dev.diffusion.deploy.local;

import dev.diffusion.deploy.infra.ChildProcess;
import dev.diffusion.deploy.infra.InfrastructureException;
import dev.diffusion.deploy.tether.TetherJar;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A watchdog for the postmaster, which {@code pg_ctl} detaches from the launcher: when the launcher is gone it sends
 * SIGINT (PostgreSQL's fast shutdown: sessions are rolled back, a checkpoint is written) and SIGKILL if that takes
 * too long. It ends by itself when PostgreSQL stops first, as it does in an orderly stop.
 */
public final class PostgresWatchdog {

    public static final String NAME = "postgres-watchdog";

    private PostgresWatchdog() {
    }

    public static ChildProcess start(long postmasterPid, Path workingDirectory, Path logFile) {
        try {
            return ChildProcess.start(NAME, TetherJar.watchdogCommand(ChildProcess.javaExecutable(), postmasterPid,
                    "INT"), Map.of(), workingDirectory, logFile);
        } catch (IOException e) {
            throw new InfrastructureException("postgres", "cannot start its watchdog: " + e.getMessage(), e);
        }
    }
}
