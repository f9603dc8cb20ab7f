package dev.diffusion.engine.numerics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CPU description health checks and benchmark sections show. */
class CpuDescriptionTest {

    private static final String CPUINFO = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            model name\t: AMD EPYC
            flags\t\t: fpu vme sse sse2 fma sse4_2 avx f16c avx2 avx512f avx512dq avx512bw avx512vl avx512_bf16 \
            avx512_vnni rdrand
            bugs\t\t: sysret_ss_attrs

            processor\t: 1
            model name\t: Other
            flags\t\t: fpu avx2
            """;

    @Test
    void theFirstProcessorsModelKernelFlagsAndBestInstructionSet() {
        CpuDescription cpu = CpuDescription.fromCpuinfo(CPUINFO, Map.of());

        assertThat(cpu.model()).isEqualTo("AMD EPYC");
        assertThat(cpu.flags()).containsExactly("sse4_2", "avx", "f16c", "fma", "avx2", "avx512f", "avx512bw",
                "avx512vl", "avx512dq", "avx512_vnni", "avx512_bf16");
        assertThat(cpu.instructionSet()).isEqualTo("avx512_core_bf16");
        assertThat(cpu.instructionSetCap()).isEmpty();
        assertThat(cpu.summary()).isEqualTo("AMD EPYC, avx512_core_bf16");
    }

    @Test
    void aCapFromTheEnvironmentIsShown() {
        CpuDescription cpu = CpuDescription.fromCpuinfo(CPUINFO, Map.of("ONEDNN_MAX_CPU_ISA", "AVX2"));

        assertThat(cpu.instructionSetCap()).contains("AVX2");
        assertThat(cpu.summary()).isEqualTo("AMD EPYC, avx512_core_bf16 (cap AVX2)");
    }

    @Test
    void olderInstructionSetsAndAnUnreadableCpuinfo() {
        assertThat(CpuDescription.fromCpuinfo("model name : X\nflags : sse4_1 avx avx2 fma\n", Map.of()).instructionSet())
                .isEqualTo("avx2");
        assertThat(CpuDescription.fromCpuinfo("flags : sse4_1\n", Map.of()).instructionSet()).isEqualTo("sse41");
        CpuDescription unknown = CpuDescription.fromCpuinfo("", Map.of());
        assertThat(unknown.model()).isEqualTo("unknown");
        assertThat(unknown.flags()).isEmpty();
        assertThat(unknown.instructionSet()).isEqualTo("generic");
    }
}
