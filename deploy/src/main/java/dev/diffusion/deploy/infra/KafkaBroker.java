package dev.diffusion.deploy.infra;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A single-node Apache Kafka broker in KRaft mode (broker and controller roles) running inside this JVM.
 * The log directory is formatted once and reused, so topics and committed offsets survive {@link #stop()} /
 * {@link #start()} on the same port — the way a crashed and restarted broker behaves for clients.
 */
public final class KafkaBroker implements ManagedServer {

    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final Path logDirectory;
    private final int port;
    private final int controllerPort;
    private final Duration timeout;
    private KafkaRaftServer server;

    KafkaBroker(Path logDirectory, int port, int controllerPort, Duration timeout) {
        this.logDirectory = logDirectory;
        this.port = port;
        this.controllerPort = controllerPort;
        this.timeout = timeout;
    }

    @Override
    public Component component() {
        return Component.KAFKA;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public List<Integer> ports() {
        return List.of(port, controllerPort);
    }

    public int controllerPort() {
        return controllerPort;
    }

    /** {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return Ports.LOOPBACK + ":" + port;
    }

    /** An admin client for this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000));
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null;
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        ports().forEach(candidate -> Ports.requireFree(component().label(), candidate));
        KafkaExitGuard.install();
        KafkaRaftServer starting = null;
        try {
            KafkaConfig config = KafkaConfig.fromProps(serverProperties(), false);
            formatOnce(config);
            starting = new KafkaRaftServer(config, Time.SYSTEM);
            starting.startup();
            awaitReady();
            server = starting;
        } catch (RuntimeException | Error e) {
            if (starting != null) {
                shutdownQuietly(starting);
            }
            if (e instanceof InfrastructureException) {
                throw e;
            }
            throw new InfrastructureException(component(), "failed to start: " + InfrastructureException.describe(e), e);
        }
    }

    private Properties serverProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + Ports.LOOPBACK + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + Ports.LOOPBACK + ":" + port + "," + CONTROLLER_LISTENER + "://"
                + Ports.LOOPBACK + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + bootstrapServers());
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", logDirectory.toString());
        // one node: every internal topic has a single replica
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // a small machine: fewer threads than the defaults sized for production brokers
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.cleaner.threads", "1");
        return p;
    }

    private void formatOnce(KafkaConfig config) {
        if (Files.exists(logDirectory.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(logDirectory);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(config.nodeId())
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(logDirectory.toString())
                    .addDirectory(logDirectory.toString())
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new InfrastructureException(component(),
                    "cannot format " + logDirectory + ": " + InfrastructureException.describe(e), e);
        }
    }

    private void awaitReady() {
        Deadline deadline = Deadline.in(timeout);
        try (Admin admin = admin()) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    if (deadline.passed()) {
                        throw new InfrastructureException(component(), "not ready after " + timeout.toSeconds()
                                + " s: " + InfrastructureException.describe(e), e);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InfrastructureException(component(), "interrupted while waiting for readiness", e);
                }
                deadline.pause(component());
            }
        }
    }

    /**
     * Creates the topics that do not exist yet, each with {@code partitions} partitions and one replica.
     * Existing topics are left as they are.
     */
    public void createTopics(int partitions, Collection<String> topics) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : topics) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, partitions, (short) 1));
                }
            }
            for (var result : admin.createTopics(missing).values().entrySet()) {
                try {
                    result.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new InfrastructureException(component(), "cannot create topic " + result.getKey()
                                + ": " + InfrastructureException.describe(e), e);
                    }
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new InfrastructureException(component(), "cannot create topics " + topics + ": "
                    + InfrastructureException.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException(component(), "interrupted while creating topics", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        KafkaRaftServer stopping = server;
        server = null;
        shutdownQuietly(stopping);
    }

    private static void shutdownQuietly(KafkaRaftServer raftServer) {
        raftServer.shutdown();
        raftServer.awaitShutdown();
    }

    @Override
    public String toString() {
        return "kafka " + bootstrapServers();
    }
}
