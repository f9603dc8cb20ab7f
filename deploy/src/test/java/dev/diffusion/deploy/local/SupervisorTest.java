package dev.diffusion.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.diffusion.deploy.infra.ChildProcess;
import dev.diffusion.deploy.testing.JavaProcesses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor with real child processes ({@code sleep}), killed with SIGKILL as an out-of-memory kill does. */
class SupervisorTest {

    private static final RestartPolicy QUICK =
            new RestartPolicy(Duration.ofMillis(200), Duration.ofMillis(800), Duration.ofSeconds(30));

    @TempDir
    Path folder;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final List<Supervised> started = new CopyOnWriteArrayList<>();
    private final Supervisor supervisor =
            new Supervisor(QUICK, new PrintStream(output, true, StandardCharsets.UTF_8), started::add);

    @AfterEach
    void stopEverything() {
        supervisor.stopAll();
        started.forEach(child -> JavaProcesses.kill9(child.pid()));
    }

    @Test
    void a_killed_child_is_reported_and_restarted_while_the_others_keep_running() {
        Sleep worker = Sleep.start("worker", folder);
        Sleep api = Sleep.start("api", folder);
        supervisor.supervise(worker, () -> Sleep.start("worker", folder));
        supervisor.supervise(api, () -> Sleep.start("api", folder));

        JavaProcesses.kill9(worker.pid());

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            supervisor.check();
            assertThat(started).hasSize(1);
        });
        Supervised restarted = supervisor.children().get(0);
        assertThat(restarted.pid()).isNotEqualTo(worker.pid());
        assertThat(restarted.isAlive()).isTrue();
        assertThat(supervisor.children().get(1)).isSameAs(api);
        assertThat(api.isAlive()).isTrue();
        assertThat(text()).contains("worker: exited with code 137 (SIGKILL: kill -9 or the out-of-memory killer)",
                "restarting in 0.2 s", "worker: restarted (pid " + restarted.pid() + ", restart 1 in a row)");
    }

    @Test
    void deaths_in_a_row_double_the_delay_up_to_the_maximum() {
        supervisor.supervise(Sleep.start("worker", folder), () -> Sleep.start("worker", folder));

        for (int death = 1; death <= 4; death++) {
            JavaProcesses.kill9(supervisor.children().get(0).pid());
            int restarts = death;
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                supervisor.check();
                assertThat(started).hasSize(restarts);
            });
        }

        assertThat(text()).contains("restarting in 0.2 s", "restarting in 0.4 s", "restarting in 0.8 s")
                .containsOnlyOnce("restarting in 0.2 s");
        assertThat(text().split("restarting in 0.8 s", -1)).hasSize(3);
    }

    @Test
    void a_child_that_ran_for_the_stable_period_is_restarted_after_the_first_delay_again() throws Exception {
        Supervisor patient = new Supervisor(new RestartPolicy(Duration.ofMillis(200), Duration.ofMillis(800),
                Duration.ofMillis(500)), new PrintStream(output, true, StandardCharsets.UTF_8), started::add);
        patient.supervise(Sleep.start("worker", folder), () -> Sleep.start("worker", folder));
        try {
            for (int death = 1; death <= 2; death++) {
                Thread.sleep(700);
                JavaProcesses.kill9(patient.children().get(0).pid());
                int restarts = death;
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                    patient.check();
                    assertThat(started).hasSize(restarts);
                });
            }
        } finally {
            patient.stopAll();
        }

        assertThat(text().split("restarting in 0.2 s", -1)).hasSize(3);
        assertThat(text()).doesNotContain("restarting in 0.4 s");
    }

    @Test
    void a_failed_restart_is_retried_after_the_next_delay() {
        AtomicInteger attempts = new AtomicInteger();
        Sleep first = Sleep.start("worker", folder);
        supervisor.supervise(first, () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("worker: jar not found");
            }
            return Sleep.start("worker", folder);
        });

        JavaProcesses.kill9(first.pid());

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            supervisor.check();
            assertThat(started).hasSize(1);
        });
        assertThat(attempts).hasValue(2);
        assertThat(text()).contains("worker: restart failed: worker: jar not found; next try in 0.4 s");
    }

    @Test
    void after_stop_all_the_children_are_gone_and_nothing_is_restarted() throws Exception {
        Sleep worker = Sleep.start("worker", folder);
        supervisor.supervise(worker, () -> Sleep.start("worker", folder));

        supervisor.stopAll();
        Thread.sleep(QUICK.firstDelay().toMillis() * 2);
        supervisor.check();

        assertThat(worker.isAlive()).isFalse();
        assertThat(started).isEmpty();
    }

    @Test
    void exit_codes_of_signals_are_named() {
        assertThat(Supervisor.describe(OptionalInt.of(137)))
                .isEqualTo("137 (SIGKILL: kill -9 or the out-of-memory killer)");
        assertThat(Supervisor.describe(OptionalInt.of(143))).isEqualTo("143 (SIGTERM)");
        assertThat(Supervisor.describe(OptionalInt.of(1))).isEqualTo("1");
    }

    private String text() {
        return output.toString(StandardCharsets.UTF_8);
    }

    /** {@code sleep 300} as a supervised child. */
    private record Sleep(String name, ChildProcess process) implements Supervised {

        static Sleep start(String name, Path folder) {
            try {
                return new Sleep(name, ChildProcess.start(name, List.of("sleep", "300"), Map.of(), folder,
                        folder.resolve(name + ".log")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public long pid() {
            return process.pid();
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

        @Override
        public void stop() {
            process.stop(Duration.ofSeconds(5));
        }
    }
}
