package dev.diffusion.deploy.infra;

import dev.diffusion.deploy.tether.TetherJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose output goes to a log file. It runs in its own session (via {@code setsid} when
 * available) so a Ctrl-C in the terminal reaches only this JVM, which then stops children in order; a JVM
 * shutdown hook stops it (SIGTERM, then SIGKILL after {@value #HOOK_GRACE_SECONDS} s) if this JVM ends without
 * calling {@link #stop(Duration)}: the hook runs at the same time as the launcher's own stopping hook, so it
 * must give a service the same chance to shut down cleanly (a worker hands its running job back). Java children
 * started with {@link #java(List)} also exit by themselves when this JVM dies without running its hooks.
 */
public final class ChildProcess {

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final String name;
    private final Path logFile;
    private final Process process;
    private static final long HOOK_GRACE_SECONDS = 15;

    private final Thread shutdownHook;

    private ChildProcess(String name, Path logFile, Process process) {
        this.name = name;
        this.logFile = logFile;
        this.process = process;
        this.shutdownHook = new Thread(() -> stop(Duration.ofSeconds(HOOK_GRACE_SECONDS)), name + "-stopper");
        try {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            kill();
            throw shuttingDown;
        }
    }

    /**
     * Starts {@code command} in {@code workingDirectory} with {@code environment} added to this JVM's
     * environment, appending stdout and stderr to {@code logFile}.
     *
     * @throws IOException when the executable cannot be started
     */
    public static ChildProcess start(String name, List<String> command, Map<String, String> environment,
            Path workingDirectory, Path logFile) throws IOException {
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        List<String> full = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            full.add(SETSID.toString());
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(environment);
        return new ChildProcess(name, logFile, builder.start());
    }

    /** The path of the {@code java} executable running this JVM, for Java children. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * {@code java <arguments>} with the {@link TetherJar tether agent}: the child exits when this JVM is gone,
     * even when it ends by {@code kill -9} and runs none of its shutdown hooks.
     */
    public static List<String> java(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.add(TetherJar.agentOption());
        command.addAll(arguments);
        return command;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code once the process has ended. */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** Asks the process to end (SIGTERM), waits up to {@code grace}, then kills it. Idempotent. */
    public void stop(Duration grace) {
        try {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        } finally {
            removeShutdownHook();
        }
    }

    /** Kills the process and its descendants at once (SIGKILL), as a crash would end them. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs anyway and finds the process gone
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
