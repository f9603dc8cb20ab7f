package dev.diffusion.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LinuxProcessTest {

    @Test
    void start_ticks_identify_a_process_and_differ_between_processes() throws Exception {
        Process first = new ProcessBuilder("sleep", "30").start();
        Thread.sleep(50);
        Process second = new ProcessBuilder("sleep", "30").start();
        try {
            long firstStart = LinuxProcess.startTicks(first.pid()).orElseThrow();
            assertThat(LinuxProcess.startTicks(first.pid())).hasValue(firstStart);
            assertThat(LinuxProcess.startTicks(second.pid()).orElseThrow()).isGreaterThanOrEqualTo(firstStart);
            assertThat(LinuxProcess.startTicks(ProcessHandle.current().pid()).orElseThrow()).isLessThanOrEqualTo(
                    firstStart);
        } finally {
            first.destroyForcibly().waitFor();
            second.destroyForcibly().waitFor();
        }
        assertThat(LinuxProcess.startTicks(first.pid())).isEmpty();
        assertThat(LinuxProcess.isRunning(first.pid())).isFalse();
    }

    @Test
    void a_zombie_is_not_running_though_process_handle_calls_it_alive() throws Exception {
        // the shell's child ends at once; the shell becomes sleep, which never reaps it
        Process parent = new ProcessBuilder("sh", "-c", "true & echo $!; exec sleep 30").start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(parent.getInputStream(),
                StandardCharsets.UTF_8))) {
            long zombie = Long.parseLong(lines.readLine().trim());
            await().atMost(Duration.ofSeconds(10)).until(() -> !LinuxProcess.isRunning(zombie));
            assertThat(LinuxProcess.isRunning(parent.pid())).isTrue();
            // where SIGCHLD was ignored when the JVM started (inherited across exec) the kernel reaps at once
            Path stat = Path.of("/proc", Long.toString(zombie), "stat");
            assumeTrue(Files.exists(stat), "SIGCHLD is ignored here: the child was reaped without a zombie");
            assertThat(Files.readString(stat)).contains(") Z ");
            assertThat(ProcessHandle.of(zombie).map(ProcessHandle::isAlive)).hasValue(true);
        } finally {
            parent.destroyForcibly().waitFor();
        }
    }
}
