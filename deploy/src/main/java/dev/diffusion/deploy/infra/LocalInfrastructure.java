package dev.diffusion.deploy.infra;

import dev.diffusion.deploy.infra.ServiceSettings.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL, Kafka and an S3 server on 127.0.0.1, started in parallel, each behind a {@link ManagedServer}
 * handle. Data live in one folder: {@code postgres/}, {@code kafka/}, {@code s3/} and {@code logs/}; reusing
 * the folder keeps the data, a temporary folder is deleted by {@link #close()}.
 *
 * <pre>{@code
 * try (LocalInfrastructure infra = LocalInfrastructure.builder().optDataDirectory(dir).start()) {
 *     infra.createDefaultTopicsAndBuckets();
 *     Map<String, String> config = infra.configuration(Service.API);
 * }
 * }</pre>
 *
 * If one server fails to start, the others are stopped and an {@link InfrastructureException} names it.
 */
public final class LocalInfrastructure implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalInfrastructure.class);

    private final Path dataDirectory;
    private final boolean temporaryDataDirectory;
    private final Map<Component, ManagedServer> servers;
    private final Thread shutdownHook = new Thread(this::closeQuietly, "local-infrastructure-stopper");
    private boolean started;
    private boolean closed;

    private LocalInfrastructure(Builder builder, Path dataDirectory, boolean temporaryDataDirectory) {
        this.dataDirectory = dataDirectory;
        this.temporaryDataDirectory = temporaryDataDirectory;
        Path logs = dataDirectory.resolve("logs");
        Map<Component, ManagedServer> created = new LinkedHashMap<>();
        if (builder.components.contains(Component.POSTGRES)) {
            created.put(Component.POSTGRES, new PostgresServer(postgresDirectory(dataDirectory),
                    builder.postgresBinariesDirectory, logs.resolve("postgres.log"),
                    Ports.resolve("postgres", builder.postgresPort), builder.database, builder.databaseUser,
                    builder.databasePassword, builder.startupTimeout, builder.fastPostgres));
        }
        if (builder.components.contains(Component.KAFKA)) {
            created.put(Component.KAFKA, new KafkaBroker(dataDirectory.resolve("kafka"),
                    Ports.resolve("kafka", builder.kafkaPort),
                    Ports.resolve("kafka controller", builder.kafkaControllerPort), builder.startupTimeout));
        }
        if (builder.components.contains(Component.S3)) {
            created.put(Component.S3, new S3Server(dataDirectory.resolve("s3"),
                    dataDirectory.resolve("s3proxy.properties"), logs.resolve("s3proxy.log"),
                    Ports.resolve("s3", builder.s3Port), builder.s3AccessKey, builder.s3SecretKey,
                    builder.startupTimeout));
        }
        this.servers = Map.copyOf(created);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where the PostgreSQL cluster of a data folder lives. */
    public static Path postgresDirectory(Path dataDirectory) {
        return dataDirectory.resolve("postgres");
    }

    /**
     * The running servers' own processes by name ({@code postgres}: the postmaster, {@code s3proxy}), for a
     * launcher that records them; the Kafka broker runs inside this JVM.
     */
    public Map<String, Long> processes() {
        Map<String, Long> processes = new LinkedHashMap<>();
        find(Component.POSTGRES).ifPresent(server -> postgres().postmasterPid()
                .ifPresent(pid -> processes.put("postgres", pid)));
        find(Component.S3).ifPresent(server -> s3().pid().ifPresent(pid -> processes.put("s3proxy", pid)));
        return processes;
    }

    /**
     * Checks that every port is free, then starts every configured server in parallel and waits until all
     * answer. On failure the servers that did start are stopped again and the first failure is thrown (the
     * others are attached as suppressed).
     */
    public synchronized LocalInfrastructure start() {
        if (closed) {
            throw new IllegalStateException("this LocalInfrastructure is closed; build a new one");
        }
        if (started) {
            return this;
        }
        started = true;
        try {
            for (ManagedServer server : servers.values()) {
                server.ports().forEach(port -> Ports.requireFree(server.component().label(), port));
            }
        } catch (InfrastructureException portTaken) {
            closeQuietly();
            throw portTaken;
        }
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        List<InfrastructureException> failures = inParallel(servers.values(), server -> {
            long begin = System.nanoTime();
            server.start();
            LOG.info("{} ready in {} ms", server, (System.nanoTime() - begin) / 1_000_000);
        });
        if (!failures.isEmpty()) {
            closeQuietly();
            InfrastructureException first = failures.get(0);
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
        return this;
    }

    private static List<InfrastructureException> inParallel(Collection<ManagedServer> servers,
            Consumer<ManagedServer> action) {
        List<ManagedServer> targets = List.copyOf(servers);
        ExecutorService executor = Executors.newFixedThreadPool(Math.max(1, targets.size()), runnable -> {
            Thread thread = new Thread(runnable, "local-infrastructure");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<CompletableFuture<Void>> futures = targets.stream()
                    .map(server -> CompletableFuture.runAsync(() -> action.accept(server), executor))
                    .toList();
            List<InfrastructureException> failures = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    futures.get(i).join();
                } catch (CompletionException e) {
                    failures.add(asInfrastructureFailure(targets.get(i), e.getCause()));
                }
            }
            return failures;
        } finally {
            executor.shutdown();
        }
    }

    private static InfrastructureException asInfrastructureFailure(ManagedServer server, Throwable failure) {
        return failure instanceof InfrastructureException known ? known
                : new InfrastructureException(server.component(), InfrastructureException.describe(failure), failure);
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The PostgreSQL handle; fails if this instance runs without PostgreSQL. */
    public PostgresServer postgres() {
        return (PostgresServer) server(Component.POSTGRES);
    }

    public KafkaBroker kafka() {
        return (KafkaBroker) server(Component.KAFKA);
    }

    public S3Server s3() {
        return (S3Server) server(Component.S3);
    }

    public Optional<ManagedServer> find(Component component) {
        return Optional.ofNullable(servers.get(component));
    }

    private ManagedServer server(Component component) {
        return find(component).orElseThrow(() -> new IllegalStateException(
                component.label() + " is not part of this infrastructure (enabled: " + servers.keySet() + ")"));
    }

    /** Creates the {@link ServiceSettings#DEFAULT_TOPICS} and {@link ServiceSettings#DEFAULT_BUCKETS} if missing. */
    public LocalInfrastructure createDefaultTopicsAndBuckets(int partitions) {
        find(Component.KAFKA).ifPresent(kafka -> kafka().createTopics(partitions, ServiceSettings.DEFAULT_TOPICS));
        find(Component.S3).ifPresent(s3 -> s3().createBuckets(ServiceSettings.DEFAULT_BUCKETS));
        return this;
    }

    /**
     * The configuration keys of {@link ServiceSettings#connectionKeys(Service)} that this instance can fill,
     * e.g. {@code quarkus.datasource.jdbc.url} and {@code diffusion.kafka.bootstrap-servers}.
     */
    public Map<String, String> configuration(Service service) {
        Map<String, String> all = new LinkedHashMap<>();
        find(Component.POSTGRES).ifPresent(server -> {
            all.put(ServiceSettings.DATASOURCE_URL, postgres().jdbcUrl());
            all.put(ServiceSettings.DATASOURCE_USERNAME, postgres().username());
            all.put(ServiceSettings.DATASOURCE_PASSWORD, postgres().password());
        });
        find(Component.KAFKA).ifPresent(server ->
                all.put(ServiceSettings.KAFKA_BOOTSTRAP_SERVERS, kafka().bootstrapServers()));
        find(Component.S3).ifPresent(server -> {
            all.put(ServiceSettings.S3_ENDPOINT, s3().endpoint());
            all.put(ServiceSettings.S3_ACCESS_KEY, s3().accessKey());
            all.put(ServiceSettings.S3_SECRET_KEY, s3().secretKey());
            all.put(ServiceSettings.S3_REGION, s3().region());
        });
        all.keySet().retainAll(ServiceSettings.connectionKeys(service));
        return all;
    }

    /** {@link #configuration(Service)} as environment variables, e.g. {@code DIFFUSION_S3_ENDPOINT}. */
    public Map<String, String> environment(Service service) {
        Map<String, String> environment = new LinkedHashMap<>();
        configuration(service).forEach((key, value) -> environment.put(ServiceSettings.environmentName(key), value));
        return environment;
    }

    /** Stops every server (in parallel); deletes the data folder if it was temporary. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<InfrastructureException> failures = inParallel(servers.values(), server -> {
            long begin = System.nanoTime();
            boolean wasRunning = server.isRunning();
            server.stop();
            if (wasRunning) {
                LOG.debug("{} stopped in {} ms", server, (System.nanoTime() - begin) / 1_000_000);
            }
        });
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException notRegisteredOrShuttingDown) {
            // nothing to remove
        }
        if (temporaryDataDirectory) {
            try {
                DataFolder.deleteRecursively(dataDirectory);
            } catch (IOException e) {
                LOG.warn("cannot delete temporary data folder {}: {}", dataDirectory, e.toString());
            }
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            LOG.warn("while stopping the local infrastructure: {}", e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "LocalInfrastructure" + servers.values() + " in " + dataDirectory;
    }

    /**
     * Options of a {@link LocalInfrastructure}; all optional. Ports default to 0, meaning a free port chosen
     * once when {@link #build()} runs (and kept across restarts of a server).
     */
    public static final class Builder {

        private Path dataDirectory;
        private Path postgresBinariesDirectory =
                Path.of(System.getProperty("java.io.tmpdir"), "diffusion-embedded-postgres");
        private Set<Component> components = EnumSet.allOf(Component.class);
        private int postgresPort;
        private int kafkaPort;
        private int kafkaControllerPort;
        private int s3Port;
        private String database = "diffusion";
        private String databaseUser = "diffusion";
        private String databasePassword = "diffusion";
        private String s3AccessKey = "diffusion";
        private String s3SecretKey = "diffusion-secret";
        private Duration startupTimeout = Duration.ofSeconds(60);
        private boolean fastPostgres;

        private Builder() {
        }

        /**
         * PostgreSQL without fsync and with asynchronous commit: faster, but a crash may lose committed rows. For
         * tests and throw-away runs; default off (durable).
         */
        public Builder optFastPostgres(boolean fast) {
            this.fastPostgres = fast;
            return this;
        }

        /** Folder for all data; kept by {@link #close()}. Default: a temporary folder deleted on close. */
        public Builder optDataDirectory(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
            return this;
        }

        /** Where zonky unpacks the PostgreSQL binaries once; shared between runs. */
        public Builder optPostgresBinariesDirectory(Path directory) {
            this.postgresBinariesDirectory = Objects.requireNonNull(directory, "postgresBinariesDirectory");
            return this;
        }

        /** Which servers to run; default all three. */
        public Builder optComponents(Set<Component> components) {
            this.components = EnumSet.copyOf(components);
            return this;
        }

        public Builder optPostgresPort(int port) {
            this.postgresPort = port;
            return this;
        }

        public Builder optKafkaPort(int port) {
            this.kafkaPort = port;
            return this;
        }

        public Builder optKafkaControllerPort(int port) {
            this.kafkaControllerPort = port;
            return this;
        }

        public Builder optS3Port(int port) {
            this.s3Port = port;
            return this;
        }

        /** Database name, login role and password; default {@code diffusion} for all three. */
        public Builder optDatabase(String name, String user, String password) {
            this.database = name;
            this.databaseUser = user;
            this.databasePassword = password;
            return this;
        }

        /** S3 identity and credential the server accepts; default {@code diffusion} / {@code diffusion-secret}. */
        public Builder optS3Credentials(String accessKey, String secretKey) {
            this.s3AccessKey = accessKey;
            this.s3SecretKey = secretKey;
            return this;
        }

        /** How long each server may take to answer; default 60 s. */
        public Builder optStartupTimeout(Duration timeout) {
            this.startupTimeout = Objects.requireNonNull(timeout, "startupTimeout");
            return this;
        }

        /**
         * Validates the options, checks the data folder is writable and fixes the ports; starts nothing.
         *
         * @throws IllegalArgumentException for an invalid option
         * @throws InfrastructureException {@code "data folder: ... is not writable"}
         */
        public LocalInfrastructure build() {
            if (components.isEmpty()) {
                throw new IllegalArgumentException("components must name at least one server");
            }
            requireText("database", database);
            requireText("database user", databaseUser);
            requireText("database password", databasePassword);
            requireText("s3 access key", s3AccessKey);
            if (s3SecretKey == null || s3SecretKey.length() < 8) {
                throw new IllegalArgumentException("s3 secret key must have at least 8 characters");
            }
            if (startupTimeout.isNegative() || startupTimeout.isZero()) {
                throw new IllegalArgumentException("startup timeout must be positive, got " + startupTimeout);
            }
            boolean temporary = dataDirectory == null;
            Path folder = temporary ? createTemporaryFolder() : dataDirectory.toAbsolutePath().normalize();
            DataFolder.requireWritable(folder);
            return new LocalInfrastructure(this, folder, temporary);
        }

        /** {@link #build()} then {@link LocalInfrastructure#start()}. */
        public LocalInfrastructure start() {
            return build().start();
        }

        private static Path createTemporaryFolder() {
            try {
                return Files.createTempDirectory("diffusion-infra-");
            } catch (IOException e) {
                throw new InfrastructureException(DataFolder.COMPONENT, "cannot create a temporary folder: "
                        + InfrastructureException.describe(e), e);
            }
        }

        private static void requireText(String what, String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(what + " must not be blank");
            }
        }
    }
}
