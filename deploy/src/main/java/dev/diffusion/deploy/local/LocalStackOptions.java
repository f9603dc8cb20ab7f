package dev.diffusion.deploy.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Command-line options of the local run. Defaults: data in {@code <repo>/.local}, API on 8080, PostgreSQL
 * 5432, Kafka 9092 (controller 9093), S3 9000; {@code 0} picks a free port; PostgreSQL durable unless {@code fast}.
 */
public record LocalStackOptions(
        Path repository,
        Path dataDirectory,
        boolean wipe,
        int apiPort,
        int postgresPort,
        int kafkaPort,
        int kafkaControllerPort,
        int s3Port,
        int partitions,
        boolean worker,
        Duration healthTimeout,
        boolean fast) {

    public static final String USAGE = String.join("\n",
            "usage: ./run-local.sh [options]",
            "  --data DIR                 data folder (default: <repo>/.local); reused, so data persist",
            "  --wipe                     delete the data folder first",
            "  --api-port N               API HTTP port (default 8080)",
            "  --postgres-port N          PostgreSQL port (default 5432)",
            "  --kafka-port N             Kafka port (default 9092)",
            "  --kafka-controller-port N  Kafka KRaft controller port (default 9093)",
            "  --s3-port N                S3 port (default 9000)",
            "  --partitions N             partitions of each topic created (default 3)",
            "  --no-worker                start the API only",
            "  --health-timeout SECONDS   how long the API may take to be ready (default 120)",
            "  --fast                     PostgreSQL without fsync and with asynchronous commit: faster, but a crash",
            "                             of the machine or of PostgreSQL may lose jobs already accepted (default:",
            "                             durable, every commit on disk before the API answers)",
            "  --repo DIR                 repository root (default: current folder)",
            "  --help                     show this help",
            "A port of 0 means any free port.",
            "An API or worker that exits unexpectedly (a crash, kill -9, an out-of-memory kill) is restarted after",
            "1 s, 2 s, 4 s ... up to 30 s (back to 1 s once it ran for a minute); the rest keeps running.",
            "If the launcher itself dies, its children notice and exit; the next start on the same data folder stops",
            "whatever a dead run left there. A second run on a folder in use is refused.");

    /** Parses {@code args}; an unknown or malformed option throws {@link IllegalArgumentException}. */
    public static LocalStackOptions parse(List<String> args) {
        Deque<String> rest = new ArrayDeque<>(args);
        Path repository = Path.of("").toAbsolutePath();
        Path data = null;
        boolean wipe = false;
        boolean worker = true;
        int apiPort = 8080;
        int postgresPort = 5432;
        int kafkaPort = 9092;
        int controllerPort = 9093;
        int s3Port = 9000;
        int partitions = 3;
        int healthTimeout = 120;
        boolean fast = false;
        while (!rest.isEmpty()) {
            String option = rest.pop();
            switch (option) {
                case "--data" -> data = Path.of(value(option, rest));
                case "--wipe" -> wipe = true;
                case "--api-port" -> apiPort = port(option, rest);
                case "--postgres-port" -> postgresPort = port(option, rest);
                case "--kafka-port" -> kafkaPort = port(option, rest);
                case "--kafka-controller-port" -> controllerPort = port(option, rest);
                case "--s3-port" -> s3Port = port(option, rest);
                case "--partitions" -> partitions = number(option, rest, 1, 1000);
                case "--no-worker" -> worker = false;
                case "--health-timeout" -> healthTimeout = number(option, rest, 1, 3600);
                case "--fast" -> fast = true;
                case "--repo" -> repository = Path.of(value(option, rest)).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        Path dataDirectory = (data == null ? repository.resolve(".local") : data.toAbsolutePath()).normalize();
        return new LocalStackOptions(repository.normalize(), dataDirectory, wipe, apiPort, postgresPort, kafkaPort,
                controllerPort, s3Port, partitions, worker, Duration.ofSeconds(healthTimeout), fast);
    }

    public static boolean wantsHelp(List<String> args) {
        return args.contains("--help") || args.contains("-h");
    }

    public Path logDirectory() {
        return dataDirectory.resolve("logs");
    }

    private static String value(String option, Deque<String> rest) {
        if (rest.isEmpty() || rest.peek().startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return rest.pop();
    }

    private static int port(String option, Deque<String> rest) {
        return number(option, rest, 0, 65_535);
    }

    private static int number(String option, Deque<String> rest, int min, int max) {
        String text = value(option, rest);
        try {
            int number = Integer.parseInt(text);
            if (number < min || number > max) {
                throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", got " + text);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, got " + text, e);
        }
    }
}
