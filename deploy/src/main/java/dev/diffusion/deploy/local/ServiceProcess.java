package dev.diffusion.deploy.local;

import dev.diffusion.deploy.infra.ChildProcess;
import dev.diffusion.deploy.infra.InfrastructureException;
import dev.diffusion.deploy.infra.LocalInfrastructure;
import dev.diffusion.deploy.infra.LogTail;
import dev.diffusion.deploy.infra.Ports;
import dev.diffusion.deploy.infra.ServiceSettings.Service;
import dev.diffusion.deploy.infra.ServiceSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** A service (api or worker) running from its Quarkus fast-jar as a child process of the launcher. */
public final class ServiceProcess implements Supervised {

    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final Service service;
    private final int httpPort;
    private final ChildProcess process;

    private ServiceProcess(Service service, int httpPort, ChildProcess process) {
        this.service = service;
        this.httpPort = httpPort;
        this.process = process;
    }

    /**
     * What a service needs to run against {@code infrastructure} on 127.0.0.1: the connection settings, the
     * HTTP port and, for the worker, DJL offline with its natives cached in {@code <repository>/.cache/djl}.
     */
    public static Map<String, String> environment(LocalInfrastructure infrastructure, Service service, int httpPort,
            Path repository) {
        Map<String, String> environment = new LinkedHashMap<>(infrastructure.environment(service));
        environment.put(ServiceSettings.environmentName(ServiceSettings.HTTP_PORT), String.valueOf(httpPort));
        environment.put("QUARKUS_HTTP_HOST", Ports.LOOPBACK);
        if (service == Service.WORKER) {
            environment.put(ServiceSettings.DJL_OFFLINE, "true");
            environment.put(ServiceSettings.DJL_CACHE_DIR, repository.resolve(".cache/djl").toString());
            environment.put(ServiceSettings.MALLOC_ARENA_MAX, ServiceSettings.WORKER_MALLOC_ARENAS);
            environment.put(ServiceSettings.MALLOC_MMAP_THRESHOLD, ServiceSettings.WORKER_MMAP_THRESHOLD);
            environment.put(ServiceSettings.GLIBC_TUNABLES, ServiceSettings.WORKER_GLIBC_TUNABLES);
        }
        return environment;
    }

    /** {@code <repository>/<service>/target/quarkus-app/quarkus-run.jar}. */
    public static Path runner(Path repository, Service service) {
        return repository.resolve(service.label()).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /**
     * Starts {@code java -jar quarkus-run.jar} with {@code environment}, output appended to {@code logFile}.
     *
     * @throws InfrastructureException {@code "<service>: ..."} if the jar is missing or java cannot start
     */
    public static ServiceProcess start(Service service, Path repository, int httpPort,
            Map<String, String> environment, Path logFile) {
        Path runner = runner(repository, service);
        if (!Files.isRegularFile(runner)) {
            throw new InfrastructureException(service.label(), runner + " not found; build it with "
                    + "./mvnw -B -DskipTests install");
        }
        try {
            ChildProcess process = ChildProcess.start(service.label(),
                    ChildProcess.java(List.of("-jar", runner.toString())),
                    environment, repository, logFile);
            return new ServiceProcess(service, httpPort, process);
        } catch (IOException e) {
            throw new InfrastructureException(service.label(), "cannot start java: " + e.getMessage(), e);
        }
    }

    public Service service() {
        return service;
    }

    @Override
    public String name() {
        return service.label();
    }

    public int httpPort() {
        return httpPort;
    }

    public HealthProbe health() {
        return new HealthProbe(httpPort);
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public OptionalInt exitCode() {
        return process.exitCode();
    }

    @Override
    public Path logFile() {
        return process.logFile();
    }

    /** Last lines of the service's log, for a report about its death. */
    public List<String> logTail(int lines) {
        return LogTail.lastLines(process.logFile(), lines);
    }

    @Override
    public long pid() {
        return process.pid();
    }

    /** SIGKILL, no shutdown: what a crash or an out-of-memory kill looks like to the rest of the platform. */
    public void kill() {
        process.kill();
    }

    /** SIGTERM (Quarkus shuts down gracefully), then SIGKILL after a grace period. */
    @Override
    public void stop() {
        process.stop(STOP_GRACE);
    }

    @Override
    public String toString() {
        return process.toString();
    }
}
