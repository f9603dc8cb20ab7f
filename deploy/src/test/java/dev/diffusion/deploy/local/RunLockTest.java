package dev.diffusion.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.diffusion.deploy.infra.Component;
import dev.diffusion.deploy.infra.InfrastructureException;
import dev.diffusion.deploy.infra.LocalInfrastructure;
import dev.diffusion.deploy.infra.PostgresServer;
import dev.diffusion.deploy.testing.FakeLauncher;
import dev.diffusion.deploy.testing.JavaProcesses;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One launcher per data folder; what a dead one left is stopped by the next start. */
class RunLockTest {

    @TempDir
    Path data;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

    @Test
    void a_second_run_on_a_folder_in_use_is_refused_naming_the_first() {
        try (RunLock first = acquire()) {
            assertThatThrownBy(this::acquire)
                    .isInstanceOf(InfrastructureException.class)
                    .hasMessage("data folder: another local run (pid " + ProcessHandle.current().pid() + ") is using "
                            + data + "; stop it first (Ctrl-C in its terminal, or kill "
                            + ProcessHandle.current().pid() + ") or give this one another --data folder");
        }
        try (RunLock again = acquire()) {
            assertThat(again.recorded()).containsEntry(RunLock.LAUNCHER, ProcessHandle.current().pid());
        }
        assertThat(data.resolve(RunLock.STATE_FILE)).as("an orderly stop leaves no record").doesNotExist();
    }

    @Test
    void a_recorded_launcher_that_still_runs_is_never_cleaned_up() throws Exception {
        Process otherLauncher = new ProcessBuilder("sleep", "300").start();
        try {
            Files.writeString(data.resolve(RunLock.STATE_FILE), RunLock.LAUNCHER + "=" + otherLauncher.pid() + " "
                    + LinuxProcess.startTicks(otherLauncher.pid()).orElseThrow() + "\n");

            assertThatThrownBy(this::acquire)
                    .hasMessageContaining("another local run (pid " + otherLauncher.pid() + ")");
            assertThat(otherLauncher.isAlive()).isTrue();
        } finally {
            otherLauncher.destroyForcibly();
        }
    }

    @Test
    void the_next_start_stops_what_a_killed_launcher_left_and_postgres_starts_again_on_its_data() throws Exception {
        Path log = data.resolveSibling(data.getFileName() + "-launcher.log");
        Process launcher = JavaProcesses.start(FakeLauncher.class, List.of("-Xmx128m"),
                List.of("leftover", data.toString()), log);
        Map<String, Long> pids = Map.of();
        Process unrelated = new ProcessBuilder("sleep", "300").start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> JavaProcesses.printedReady(log));
            pids = JavaProcesses.printedPids(log);
            launcher.destroyForcibly().waitFor();
            assertThat(JavaProcesses.isAlive(pids.get("postgres"))).as("orphaned postgres").isTrue();
            assertThat(JavaProcesses.isAlive(pids.get("worker"))).as("orphaned worker").isTrue();
            // PostgreSQL unrecorded (a launcher killed before it wrote the pid down) is found by its postmaster.pid;
            // a recorded pid now used by another process (its start time differs) must survive the clean-up
            Path state = data.resolve(RunLock.STATE_FILE);
            List<String> records = new java.util.ArrayList<>(Files.readAllLines(state));
            records.removeIf(line -> line.startsWith("postgres="));
            records.add("s3proxy=" + unrelated.pid() + " 1000");
            Files.write(state, records);

            try (RunLock lock = acquire()) {
                assertThat(JavaProcesses.isAlive(pids.get("postgres"))).isFalse();
                assertThat(JavaProcesses.isAlive(pids.get("worker"))).isFalse();
                assertThat(unrelated.isAlive()).isTrue();
                assertThat(text()).contains("Stopping what a local run that did not stop (launcher pid "
                        + launcher.pid() + ") left in " + data, "postgres (pid " + pids.get("postgres") + ")",
                        "worker (pid " + pids.get("worker") + ")").doesNotContain("s3proxy");
                assertThat(lock.recorded()).containsOnlyKeys(RunLock.LAUNCHER);

                try (LocalInfrastructure again = LocalInfrastructure.builder()
                        .optComponents(EnumSet.of(Component.POSTGRES)).optDataDirectory(data)
                        .optPostgresPort(Math.toIntExact(pids.get("port"))).optFastPostgres(true).start();
                        Connection connection = again.postgres().connect();
                        Statement sql = connection.createStatement();
                        ResultSet rows = sql.executeQuery("SELECT 1")) {
                    assertThat(rows.next()).isTrue();
                }
            }
        } finally {
            launcher.destroyForcibly();
            unrelated.destroyForcibly();
            JavaProcesses.killAll(pids.entrySet().stream().filter(e -> !e.getKey().equals("port"))
                    .map(Map.Entry::getValue).toList());
        }
    }

    @Test
    void a_stale_postmaster_pid_file_is_removed() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        Path pidFile = PostgresServer.postmasterPidFile(LocalInfrastructure.postgresDirectory(data));
        Files.createDirectories(pidFile.getParent());
        Files.writeString(pidFile, finished.pid() + "\n" + pidFile.getParent() + "\n");

        try (RunLock lock = acquire()) {
            assertThat(pidFile).doesNotExist();
            assertThat(text()).contains("Removed the stale " + pidFile);
        }
    }

    private RunLock acquire() {
        return RunLock.acquire(data, LocalInfrastructure.postgresDirectory(data), out);
    }

    private String text() {
        return output.toString(StandardCharsets.UTF_8);
    }
}
