package dev.diffusion.e2e;

import static org.awaitility.Awaitility.await;

import dev.diffusion.deploy.infra.LocalInfrastructure;
import dev.diffusion.deploy.infra.Ports;
import dev.diffusion.deploy.infra.QuietLogging;
import dev.diffusion.deploy.infra.ServiceSettings;
import dev.diffusion.deploy.infra.ServiceSettings.Service;
import dev.diffusion.deploy.local.ServiceProcess;
import dev.diffusion.common.messaging.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * The whole platform for the end-to-end tests, started once per JVM: PostgreSQL, Kafka and S3 in this JVM
 * ({@link LocalInfrastructure}), the api and {@value #WORKERS} workers as child processes from their packaged
 * {@code quarkus-run.jar}s, started the way the local launcher starts them ({@link ServiceProcess}). Intervals
 * are short so that failures are detected in seconds: workers heartbeat every 500 ms, the api re-queues a job
 * after 6 s without events, and a killed worker leaves the consumer group after 15 s (the re-queue of its job
 * is on the topic by then, so the worker that takes the partition over skips attempt 1 and runs attempt 2).
 * Evaluator classifiers train for {@value #EVALUATOR_STEPS} steps.
 */
final class Platform {

    static final int WORKERS = 2;
    static final String WORKER_GROUP = ServiceSettings.WORKER_CONSUMER_GROUP;
    /** Training steps of the workers' evaluator classifiers (part of the evaluator's key in the models bucket). */
    static final int EVALUATOR_STEPS = 150;
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private static Platform shared;

    private final Path repository;
    private final Path workDirectory;
    private final LocalInfrastructure infrastructure;
    private final ServiceProcess api;
    private final Map<String, ServiceProcess> workers = new LinkedHashMap<>();
    private final AtomicInteger workerCount = new AtomicInteger();
    private final ApiClient client;

    private Platform() throws IOException, InterruptedException {
        repository = Path.of(System.getProperty("diffusion.repository", "..")).toAbsolutePath().normalize();
        for (Service service : Service.values()) {
            Path jar = ServiceProcess.runner(repository, service);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " not found: package the " + service.label()
                        + " first (./mvnw -B verify builds everything in order)");
            }
        }
        workDirectory = Files.createTempDirectory("diffusion-e2e-");
        QuietLogging.apply();
        infrastructure = LocalInfrastructure.builder().optDataDirectory(workDirectory.resolve("data"))
                .optFastPostgres(true).start();
        infrastructure.createDefaultTopicsAndBuckets(3);
        int apiPort = Ports.freePort();
        Map<String, String> apiEnvironment = new LinkedHashMap<>(
                ServiceProcess.environment(infrastructure, Service.API, apiPort, repository));
        apiEnvironment.putAll(Map.of(
                "DIFFUSION_JOBS_HEARTBEAT_TIMEOUT", "6s",
                "DIFFUSION_SWEEPER_INTERVAL", "500ms",
                "DIFFUSION_OUTBOX_POLL_INTERVAL", "100ms",
                "DIFFUSION_OUTBOX_MAX_RETRY_DELAY", "1s",
                "DIFFUSION_KAFKA_SEND_TIMEOUT", "4s",
                "DIFFUSION_KAFKA_MAX_BLOCK", "2s",
                "DIFFUSION_JOBS_RETRY_INITIAL_BACKOFF", "1s",
                "DIFFUSION_KAFKA_TOPICS_JOBS_PARTITIONS", "3",
                "DIFFUSION_KAFKA_TOPICS_EVENTS_PARTITIONS", "3"));
        Path keyFile = workDirectory.resolve("api-admin.key");
        apiEnvironment.put("DIFFUSION_AUTH_BOOTSTRAP_KEY_FILE", keyFile.toString());
        // the tests keep every worker busy with jobs of one tenant
        apiEnvironment.put("DIFFUSION_DISPATCH_MAX_IN_FLIGHT_PER_TENANT", "0");
        api = ServiceProcess.start(Service.API, repository, apiPort, apiEnvironment, logs().resolve("api.log"));
        List<ServiceProcess> started = new java.util.ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            started.add(launchWorker());
        }
        awaitReady(api);
        for (ServiceProcess worker : started) {
            awaitReady(worker);
        }
        awaitWorkerGroup(WORKERS);
        // the api wrote its bootstrap admin key (tenant "default") before it became ready
        client = new ApiClient(apiPort, Files.readString(keyFile).trim());
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "e2e-platform-stopper"));
    }

    /** The running platform; the first call starts it (about a minute on two cores). */
    static synchronized Platform get() {
        if (shared == null) {
            try {
                shared = new Platform();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the platform: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the platform", e);
            }
        }
        return shared;
    }

    ApiClient api() {
        return client;
    }

    LocalInfrastructure infrastructure() {
        return infrastructure;
    }

    /** Worker ids of the running workers. */
    synchronized Collection<String> workerIds() {
        return List.copyOf(workers.keySet());
    }

    /** Starts another worker and waits until it is ready and the group has settled. */
    synchronized String addWorker() throws InterruptedException {
        ServiceProcess worker = launchWorker();
        awaitReady(worker);
        awaitWorkerGroup(workers.size());
        return workerIds().stream().reduce((a, b) -> b).orElseThrow();
    }

    /** Starts workers until {@value #WORKERS} run again (after a test killed some). */
    synchronized void restoreWorkers() throws InterruptedException {
        while (workers.size() < WORKERS) {
            addWorker();
        }
    }

    /** Kills a worker with SIGKILL, as a crash would: no shutdown, no leaving the consumer group. */
    synchronized void kill(String workerId) {
        ServiceProcess worker = workers.remove(workerId);
        if (worker == null) {
            throw new IllegalArgumentException("no running worker " + workerId + " among " + workers.keySet());
        }
        worker.kill();
    }

    private ServiceProcess launchWorker() {
        String id = "e2e-worker-" + workerCount.incrementAndGet();
        int port = Ports.freePort();
        Map<String, String> environment = new LinkedHashMap<>(
                ServiceProcess.environment(infrastructure, Service.WORKER, port, repository));
        environment.putAll(Map.of(
                "DIFFUSION_JOBS_WORKER_ID", id,
                "DIFFUSION_JOBS_WORK_DIR", workDirectory.resolve(id).toString(),
                "DIFFUSION_JOBS_HEARTBEAT_INTERVAL", "500ms",
                "DIFFUSION_KAFKA_SESSION_TIMEOUT", "15s",
                "DIFFUSION_KAFKA_POLL_TIMEOUT", "200ms",
                "DIFFUSION_KAFKA_SEND_TIMEOUT", "10s",
                // as the worker's %test profile: shapes' evaluator in seconds instead of the 1,500 steps for MNIST
                "DIFFUSION_EVALUATION_EVALUATOR_STEPS", String.valueOf(EVALUATOR_STEPS)));
        ServiceProcess worker = ServiceProcess.start(Service.WORKER, repository, port, environment,
                logs().resolve(id + ".log"));
        workers.put(id, worker);
        return worker;
    }

    private Path logs() {
        return workDirectory.resolve("logs");
    }

    private static void awaitReady(ServiceProcess service) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!service.health().isUp()) {
            if (!service.isAlive()) {
                throw new IllegalStateException(service + " exited with " + service.exitCode() + ":\n"
                        + String.join("\n", service.logTail(30)));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(service + " not ready after " + READY_TIMEOUT + ":\n"
                        + String.join("\n", service.logTail(30)));
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }

    /** Waits until the workers' group is stable with {@code members} members that all own partitions. */
    void awaitWorkerGroup(int members) {
        try (Admin admin = infrastructure.kafka().admin()) {
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250)).until(() -> {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(WORKER_GROUP))
                        .describedGroups().get(WORKER_GROUP).get(5, TimeUnit.SECONDS);
                return group.groupState() == GroupState.STABLE && group.members().size() == members
                        && group.members().stream().map(MemberDescription::assignment)
                        .allMatch(a -> !a.topicPartitions().isEmpty());
            });
        }
    }

    /** The jobs-topic partitions of each worker in the settled group, one set per member. */
    List<Set<Integer>> jobPartitionsPerWorker() {
        try (Admin admin = infrastructure.kafka().admin()) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(WORKER_GROUP))
                    .describedGroups().get(WORKER_GROUP).get(10, TimeUnit.SECONDS);
            return group.members().stream().map(member -> member.assignment().topicPartitions().stream()
                    .filter(p -> p.topic().equals(Topics.JOBS)).map(TopicPartition::partition)
                    .collect(Collectors.toUnmodifiableSet())).toList();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe the worker group: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The partition the api's producer picks for a job's messages: they are keyed by the job id. */
    static int jobPartition(UUID jobId, int partitions) {
        byte[] key = jobId.toString().getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    /** The last lines of a service's log, for failure messages. */
    synchronized String logTail(String workerId, int lines) {
        ServiceProcess worker = workers.get(workerId);
        return worker == null ? "" : String.join("\n", worker.logTail(lines));
    }

    String apiLogTail(int lines) {
        return String.join("\n", api.logTail(lines));
    }

    private synchronized void close() {
        workers.values().parallelStream().forEach(ServiceProcess::stop);
        workers.clear();
        api.stop();
        infrastructure.close();
    }
}
