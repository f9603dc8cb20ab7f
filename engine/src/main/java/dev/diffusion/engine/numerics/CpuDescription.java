package dev.diffusion.engine.numerics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The CPU as the kernels see it: model, the instruction-set flags that select kernels, the instruction
 * set oneDNN can use on it (its own names) and a cap set through the environment (by the user or by
 * {@link OneDnnIsaCap}).
 *
 * @param model "model name" of /proc/cpuinfo
 * @param flags the flags of {@link #KERNEL_FLAGS} this CPU has, in that order
 * @param instructionSet the best oneDNN instruction set the flags allow, e.g. "avx512_core_bf16"
 * @param instructionSetCap {@code ONEDNN_MAX_CPU_ISA} (or {@code DNNL_MAX_CPU_ISA}) when set
 */
public record CpuDescription(String model, List<String> flags, String instructionSet, Optional<String> instructionSetCap) {

    /** Flags that change which kernels oneDNN and PyTorch choose. */
    public static final List<String> KERNEL_FLAGS = List.of("sse4_1", "sse4_2", "avx", "f16c", "fma", "avx2",
            "avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512_vnni", "avx512_bf16", "avx512_fp16", "avx_vnni",
            "amx_tile", "amx_bf16", "amx_int8", "amx_fp16");

    /**
     * Describes this machine.
     *
     * @return the description (model "unknown" where /proc/cpuinfo cannot be read)
     */
    public static CpuDescription current() {
        String cpuinfo;
        try {
            cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
        } catch (IOException e) {
            cpuinfo = "";
        }
        Map<String, String> environment = new java.util.HashMap<>(System.getenv());
        OneDnnIsaCap.applied().ifPresent(isa -> environment.put(OneDnnIsaCap.VARIABLE, isa));
        return fromCpuinfo(cpuinfo, environment);
    }

    /**
     * Describes the CPU of a /proc/cpuinfo text (its first processor).
     *
     * @param cpuinfo the text
     * @param environment the process environment, for the instruction-set cap
     * @return the description
     */
    public static CpuDescription fromCpuinfo(String cpuinfo, Map<String, String> environment) {
        String model = field(cpuinfo, "model name").orElse("unknown");
        Set<String> present = new HashSet<>(Arrays.asList(field(cpuinfo, "flags").orElse("").split("\\s+")));
        List<String> flags = KERNEL_FLAGS.stream().filter(present::contains).toList();
        Optional<String> cap = Optional.ofNullable(environment.get("ONEDNN_MAX_CPU_ISA"))
                .or(() -> Optional.ofNullable(environment.get("DNNL_MAX_CPU_ISA")));
        return new CpuDescription(model, flags, instructionSet(present), cap);
    }

    private static Optional<String> field(String cpuinfo, String name) {
        return cpuinfo.lines()
                .filter(line -> line.startsWith(name) && line.indexOf(':') > 0
                        && line.substring(0, line.indexOf(':')).trim().equals(name))
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst();
    }

    private static String instructionSet(Set<String> flags) {
        boolean avx512Core = flags.containsAll(List.of("avx512f", "avx512bw", "avx512vl", "avx512dq"));
        if (avx512Core && flags.containsAll(List.of("amx_tile", "amx_bf16"))) {
            return "avx512_core_amx";
        } else if (avx512Core && flags.contains("avx512_bf16")) {
            return "avx512_core_bf16";
        } else if (avx512Core && flags.contains("avx512_vnni")) {
            return "avx512_core_vnni";
        } else if (avx512Core) {
            return "avx512_core";
        } else if (flags.contains("avx2")) {
            return "avx2";
        } else if (flags.contains("avx")) {
            return "avx";
        }
        return flags.contains("sse4_1") ? "sse41" : "generic";
    }

    /**
     * A one-line description.
     *
     * @return e.g. "AMD EPYC, avx512_core_bf16 (cap AVX2)"
     */
    public String summary() {
        return model + ", " + instructionSet + instructionSetCap.map(c -> " (cap " + c + ")").orElse("");
    }
}
