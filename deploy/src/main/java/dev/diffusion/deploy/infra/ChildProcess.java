package dev.diffusion.deploy.infra;

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
 * shutdown hook kills it if this JVM ends without calling {@link #stop(Duration)}.
 */
public final class ChildProcess {

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final String name;
    private final Path logFile;
    private final Process process;
    private final Thread shutdownHook;

    private ChildProcess(String name, Path logFile, Process process) {
        this.name = name;
        this.logFile = logFile;
        this.process = process;
        this.shutdownHook = new Thread(this::kill, name + "-killer");
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

    private void kill() {
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
