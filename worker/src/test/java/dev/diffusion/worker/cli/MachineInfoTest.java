package dev.diffusion.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a benchmark section says about the machine, the environment and the measured commit. */
class MachineInfoTest {

    @Test
    void onlyVariablesThatChangeKernelsThreadsOrTheAllocatorAreReported() {
        assertThat(MachineInfo.kernelEnvironment(Map.of("ONEDNN_MAX_CPU_ISA", "AVX2", "MALLOC_ARENA_MAX", "2",
                "OMP_NUM_THREADS", "2", "HOME", "/root", "PATH", "/bin", "LD_PRELOAD", "libjemalloc.so")))
                .containsExactly(Map.entry("LD_PRELOAD", "libjemalloc.so"), Map.entry("MALLOC_ARENA_MAX", "2"),
                        Map.entry("OMP_NUM_THREADS", "2"), Map.entry("ONEDNN_MAX_CPU_ISA", "AVX2"));
    }

    @Test
    void theCommitIsTheShortHashPlusDirtyAndUnknownOutsideACheckout(@TempDir Path notACheckout) {
        assertThat(MachineInfo.describeCommit("dfb9729\n", "")).isEqualTo("dfb9729");
        assertThat(MachineInfo.describeCommit("dfb9729\n", " M README.md\n")).isEqualTo("dfb9729+dirty");
        assertThat(MachineInfo.describeCommit(null, null)).isEqualTo("unknown");
        assertThat(MachineInfo.gitCommit(notACheckout)).isEqualTo("unknown");
    }
}
