package dev.diffusion.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.diffusion.deploy.local.HealthProbe;
import dev.diffusion.deploy.local.RunLock;
import dev.diffusion.deploy.testing.FakeService;
import dev.diffusion.deploy.testing.JavaProcesses;
import dev.diffusion.deploy.tether.Tether;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real launcher as a process, with real PostgreSQL, Kafka and S3Proxy, and {@link FakeService} jars in place of
 * the API and the worker: a killed worker or API is restarted while the rest runs on; a killed launcher takes every
 * child with it; the next start on the same folder works, a concurrent one is refused, and SIGHUP (a closed terminal)
 * stops everything in order.
 */
class LocalStackProcessTest {

    /** The banner's last line: the addresses above it are all printed once it shows. */
    private static final String BANNER_END = "Press Ctrl-C to stop everything.";

    @TempDir
    Path temp;

    private final List<Process> launchers = new ArrayList<>();
    private final List<Long> seen = new ArrayList<>();

    @AfterEach
    void killWhatIsLeft() {
        launchers.forEach(Process::destroyForcibly);
        JavaProcesses.killAll(seen);
    }

    @Test
    void children_are_restarted_and_do_not_outlive_the_launcher() throws Exception {
        Path repository = temp.resolve("repo");
        JavaProcesses.writeJar(repository.resolve("api/target/quarkus-app/quarkus-run.jar"), FakeService.class);
        JavaProcesses.writeJar(repository.resolve("worker/target/quarkus-app/quarkus-run.jar"), FakeService.class);
        Path data = temp.resolve("data");

        Path firstLog = temp.resolve("first.log");
        Process first = launch(repository, data, firstLog);
        awaitBanner(first, firstLog);
        Map<String, Long> pids = recorded(data);
        assertThat(pids).containsOnlyKeys("launcher", "api", "worker", "s3proxy", "postgres", "postgres-watchdog");
        assertThat(show(firstLog, "fsync")).as("durable by default").isEqualTo("on");
        assertThat(show(firstLog, "synchronous_commit")).isEqualTo("on");

        JavaProcesses.kill9(pids.get("worker"));

        await().atMost(Duration.ofSeconds(30)).until(() -> !recorded(data).get("worker").equals(pids.get("worker"))
                && JavaProcesses.isAlive(recorded(data).get("worker")));
        assertThat(Files.readString(firstLog)).contains("worker: exited with code 137 (SIGKILL",
                "worker: restarted (pid " + recorded(data).get("worker"));
        for (String other : List.of("api", "s3proxy", "postgres", "launcher")) {
            assertThat(JavaProcesses.isAlive(pids.get(other))).as(other).isTrue();
        }
        assertThat(new HealthProbe(apiPort(firstLog)).isUp()).isTrue();

        JavaProcesses.kill9(pids.get("api"));

        await().atMost(Duration.ofSeconds(30)).until(() -> !recorded(data).get("api").equals(pids.get("api"))
                && new HealthProbe(apiPort(firstLog)).isUp());
        assertThat(Files.readString(firstLog)).contains("api: exited with code 137 (SIGKILL");

        Map<String, Long> children = recorded(data);
        first.destroyForcibly().waitFor();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(children.entrySet()).filteredOn(child -> JavaProcesses.isAlive(child.getValue())).isEmpty());

        Path secondLog = temp.resolve("second.log");
        Process second = launch(repository, data, secondLog, "--fast");
        awaitBanner(second, secondLog);
        assertThat(show(secondLog, "fsync")).as("--fast").isEqualTo("off");
        assertThat(show(secondLog, "synchronous_commit")).isEqualTo("off");

        Path thirdLog = temp.resolve("third.log");
        Process third = launch(repository, data, thirdLog);
        // generous: on a loaded 2-core machine a JVM start alone has taken tens of seconds
        assertThat(third.waitFor(120, TimeUnit.SECONDS)).as(() -> "third launcher still running; its log:\n"
                + readQuietly(thirdLog)).isTrue();
        assertThat(third.exitValue()).isEqualTo(1);
        assertThat(Files.readString(thirdLog)).contains("local run failed: data folder: another local run (pid "
                + second.pid() + ") is using " + data);

        Map<String, Long> secondChildren = recorded(data);
        // TERM, not HUP: a JVM started with SIGHUP ignored (under nohup, as CI may run) installs no HUP handler
        Tether.signal(second.pid(), "TERM");
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).as(() -> "second launcher still running after SIGTERM; its log:\n"
                + readQuietly(secondLog)).isTrue();
        assertThat(Files.readString(secondLog)).contains("Stopped.");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(secondChildren.values()).noneMatch(JavaProcesses::isAlive));
        assertThat(data.resolve(RunLock.STATE_FILE)).doesNotExist();
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private Process launch(Path repository, Path data, Path log, String... extra) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("--repo", repository.toString(), "--data", data.toString(),
                "--api-port", "0", "--postgres-port", "0", "--kafka-port", "0", "--kafka-controller-port", "0",
                "--s3-port", "0", "--partitions", "1", "--health-timeout", "60"));
        arguments.addAll(List.of(extra));
        Process launcher = JavaProcesses.start(LocalStack.class, List.of("-Xmx512m", "-XX:+UseSerialGC",
                "-Ddiffusion.s3proxy.jar=" + System.getProperty("diffusion.s3proxy.jar")), arguments, log);
        launchers.add(launcher);
        return launcher;
    }

    private void awaitBanner(Process launcher, Path log) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            assertThat(launcher.isAlive()).as("launcher alive; its output: %s", Files.readString(log)).isTrue();
            return Files.readString(log).contains(BANNER_END);
        });
    }

    private Map<String, Long> recorded(Path data) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(data.resolve(RunLock.STATE_FILE))) {
            properties.load(reader);
        }
        Map<String, Long> pids = new TreeMap<>();
        properties.stringPropertyNames().forEach(name ->
                pids.put(name, Long.parseLong(properties.getProperty(name).split(" ")[0])));
        seen.addAll(pids.values());
        return pids;
    }

    private static int apiPort(Path log) throws IOException {
        return Integer.parseInt(find(log, "API +http://127\\.0\\.0\\.1:(\\d+)"));
    }

    private static String show(Path log, String setting) throws Exception {
        try (Connection connection = DriverManager.getConnection(find(log, "PostgreSQL +(jdbc:\\S+)"), "diffusion",
                "diffusion"); Statement sql = connection.createStatement();
                ResultSet rows = sql.executeQuery("SHOW " + setting)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static String find(Path log, String regex) throws IOException {
        Matcher matcher = Pattern.compile(regex).matcher(Files.readString(log));
        assertThat(matcher.find()).as("%s in the launcher's output", regex).isTrue();
        return matcher.group(1);
    }
}
