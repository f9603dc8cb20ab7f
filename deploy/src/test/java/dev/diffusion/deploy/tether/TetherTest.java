package dev.diffusion.deploy.tether;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.diffusion.deploy.testing.FakeLauncher;
import dev.diffusion.deploy.testing.JavaProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Children of a launcher killed with {@code kill -9} exit by themselves. */
class TetherTest {

    @TempDir
    Path folder;

    @Test
    void a_tethered_java_child_and_a_watched_process_end_when_their_launcher_is_killed() throws Exception {
        Path log = folder.resolve("launcher.log");
        Process launcher = JavaProcesses.start(FakeLauncher.class, List.of("-Xmx64m"),
                List.of("tether", folder.toString()), log);
        Map<String, Long> pids = Map.of();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> JavaProcesses.printedReady(log));
            pids = JavaProcesses.printedPids(log);
            assertThat(pids).containsKeys("child", "sleeper", "watchdog");
            Thread.sleep(1000);
            assertThat(pids.values()).as("alive while the launcher lives").allMatch(JavaProcesses::isAlive);

            launcher.destroyForcibly().waitFor();

            Map<String, Long> children = pids;
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(children.values()).noneMatch(JavaProcesses::isAlive));
            assertThat(Files.readString(folder.resolve("child.log")))
                    .contains("the launcher (pid " + launcher.pid() + ") is gone; exiting");
            assertThat(Files.readString(folder.resolve("watchdog.log")))
                    .contains("sending SIGTERM to pid " + pids.get("sleeper"));
        } finally {
            launcher.destroyForcibly();
            JavaProcesses.killAll(pids.values());
        }
    }

    @Test
    void the_jar_is_written_once_and_names_the_class_as_agent_and_main() throws Exception {
        Path jar = TetherJar.path();

        assertThat(TetherJar.path()).isSameAs(jar);
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            assertThat(file.getManifest().getMainAttributes().getValue("Premain-Class"))
                    .isEqualTo(Tether.class.getName());
            assertThat(file.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(Tether.class.getName());
            assertThat(file.getEntry("dev/diffusion/deploy/tether/Tether.class")).isNotNull();
        }
        assertThat(TetherJar.agentOption()).isEqualTo("-javaagent:" + jar + "=" + ProcessHandle.current().pid());
    }
}
