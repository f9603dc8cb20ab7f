package dev.diffusion.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference's set-up decides without running python or apt-get here: the commands are recorded. */
class PyTorchReferenceTest {

    private final List<List<String>> ran = new ArrayList<>();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private PyTorchReference.Availability prepare(Path script, boolean root, int... exitCodes) throws Exception {
        return PyTorchReference.prepare("/usr/bin/python3", script, root, command -> {
            ran.add(command);
            return exitCodes[Math.min(ran.size(), exitCodes.length) - 1];
        }, new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @Test
    void anImportableTorchNeedsNoInstall(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("bench_reference.py"), "");

        assertThat(prepare(script, false, 0).reference()).isNotNull();
        assertThat(ran).containsExactly(List.of("/usr/bin/python3", "-c", "import torch"));
    }

    @Test
    void withoutRootTheInstallCommandIsPrintedAndTheReferenceSkipped(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("bench_reference.py"), "");

        PyTorchReference.Availability availability = prepare(script, false, 1);

        assertThat(availability.reference()).isNull();
        assertThat(availability.missingReason()).contains("apt-get install -y python3-torch");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("sudo apt-get install -y python3-torch");
        assertThat(ran).hasSize(1);
    }

    @Test
    void asRootItInstallsPython3TorchAndChecksTheImportAgain(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("bench_reference.py"), "");

        assertThat(prepare(script, true, 1, 0, 0).reference()).isNotNull();
        assertThat(ran).containsExactly(List.of("/usr/bin/python3", "-c", "import torch"),
                List.of("apt-get", "install", "-y", "python3-torch"), List.of("/usr/bin/python3", "-c", "import torch"));
    }

    @Test
    void aMissingScriptSkipsTheReferenceWithoutRunningAnything(@TempDir Path dir) throws Exception {
        PyTorchReference.Availability availability = prepare(dir.resolve("absent.py"), true, 0);

        assertThat(availability.missingReason()).contains("bench_reference.py not found");
        assertThat(ran).isEmpty();
    }
}
