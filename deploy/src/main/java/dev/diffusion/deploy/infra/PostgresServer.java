package dev.diffusion.deploy.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * PostgreSQL 17 from zonky's embedded binaries (linux-amd64). As root zonky runs them under {@code unshare -U}.
 * The cluster lives in {@code dataDirectory} and is kept across stop/start; on first start a login role and a
 * database of the same name are created, both idempotently.
 *
 * <p>Durable unless {@code fast}: zonky always passes {@code -F} (no fsync) and {@code synchronous_commit=off}, which
 * lose commits the API already answered for when the machine or PostgreSQL crashes; the {@code -c} settings below come
 * after {@code -F} on the command line and override it. Fast suits tests, whose data are thrown away.
 */
public final class PostgresServer implements ManagedServer {

    private final Path dataDirectory;
    private final Path binariesDirectory;
    private final Path logFile;
    private final int port;
    private final String database;
    private final String username;
    private final String password;
    private final Duration timeout;
    private final boolean fast;
    private EmbeddedPostgres postgres;

    PostgresServer(Path dataDirectory, Path binariesDirectory, Path logFile, int port, String database,
            String username, String password, Duration timeout, boolean fast) {
        this.dataDirectory = dataDirectory;
        this.binariesDirectory = binariesDirectory;
        this.logFile = logFile;
        this.port = port;
        this.database = database;
        this.username = username;
        this.password = password;
        this.timeout = timeout;
        this.fast = fast;
    }

    /** The lock file PostgreSQL keeps in its cluster folder while it runs; its first line is the postmaster's pid. */
    public static Path postmasterPidFile(Path clusterDirectory) {
        return clusterDirectory.resolve("postmaster.pid");
    }

    /** The running postmaster's pid, read from {@link #postmasterPidFile(Path)}; empty when stopped. */
    public synchronized OptionalLong postmasterPid() {
        return postgres == null ? OptionalLong.empty() : readPid(postmasterPidFile(dataDirectory));
    }

    /** The pid on the first line of a {@code postmaster.pid}; empty if the file is missing or unreadable. */
    public static OptionalLong readPid(Path postmasterPidFile) {
        try (BufferedReader reader = Files.newBufferedReader(postmasterPidFile)) {
            String first = reader.readLine();
            return first == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(first.trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Whether the server trades durability for speed (no fsync, asynchronous commit). */
    public boolean fast() {
        return fast;
    }

    @Override
    public Component component() {
        return Component.POSTGRES;
    }

    @Override
    public int port() {
        return port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + Ports.LOOPBACK + ":" + port + "/" + database;
    }

    public String database() {
        return database;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** A new connection to the application database as the application role. */
    public Connection connect() throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", username);
        credentials.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl(), credentials);
    }

    @Override
    public synchronized boolean isRunning() {
        return postgres != null;
    }

    @Override
    public synchronized void start() {
        if (postgres != null) {
            return;
        }
        Ports.requireFree(component().label(), port);
        try {
            Files.createDirectories(dataDirectory);
            Files.createDirectories(binariesDirectory);
            Files.createDirectories(logFile.getParent());
            ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(logFile.toFile());
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (!fast) {
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
            }
            postgres = builder
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(binariesDirectory.toFile())
                    .setPort(port)
                    .setServerConfig("listen_addresses", Ports.LOOPBACK)
                    .setPGStartupWait(timeout)
                    .setOutputRedirector(log)
                    .setErrorRedirector(log)
                    .start();
        } catch (IOException | RuntimeException | ExceptionInInitializerError e) {
            throw new InfrastructureException(component(),
                    "failed to start: " + InfrastructureException.describe(e) + " (log: " + logFile + ")", e);
        }
        try {
            createRoleAndDatabase();
        } catch (SQLException | RuntimeException e) {
            stop();
            throw new InfrastructureException(component(),
                    "cannot create database " + database + ": " + InfrastructureException.describe(e), e);
        }
    }

    private void createRoleAndDatabase() throws SQLException {
        try (Connection admin = postgres.getPostgresDatabase().getConnection()) {
            if (!exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", username)) {
                try (Statement statement = admin.createStatement()) {
                    statement.execute("CREATE ROLE " + quoteIdentifier(username) + " LOGIN PASSWORD "
                            + quoteLiteral(password));
                }
            }
            if (!exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                try (Statement statement = admin.createStatement()) {
                    statement.execute("CREATE DATABASE " + quoteIdentifier(database) + " OWNER "
                            + quoteIdentifier(username));
                }
            }
        }
    }

    private static boolean exists(Connection connection, String query, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static String quoteIdentifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String quoteLiteral(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }

    @Override
    public synchronized void stop() {
        if (postgres == null) {
            return;
        }
        Optional<ProcessHandle> postmaster = postmasterPid().stream().boxed().findFirst().flatMap(ProcessHandle::of);
        try {
            postgres.close();
        } catch (IOException e) {
            throw new InfrastructureException(component(), "failed to stop: " + InfrastructureException.describe(e), e);
        } finally {
            postgres = null;
        }
        // zonky's pg_ctl gives up after 5 s and ignores the failure; a stopped server must be gone
        postmaster.ifPresent(process -> {
            try {
                process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new InfrastructureException(component(), "postmaster (pid " + process.pid() + ") still runs "
                        + timeout.toSeconds() + " s after the stop (log: " + logFile + ")", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public String toString() {
        return "postgres " + jdbcUrl() + (fast ? " (fast: no fsync)" : "");
    }
}
