package dev.diffusion.worker.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The machine a benchmark ran on.
 *
 * @param processors available processors (nproc)
 * @param memoryBytes total memory from /proc/meminfo (0 when unknown)
 * @param cpuModel the "model name" of /proc/cpuinfo
 * @param isaFlags the instruction-set flags that select oneDNN's kernels, in /proc/cpuinfo order
 * @param jvm the Java runtime name and version
 */
public record MachineInfo(int processors, long memoryBytes, String cpuModel, List<String> isaFlags, String jvm) {

    /** Flags of /proc/cpuinfo that decide which convolution and GEMM kernels oneDNN can use. */
    static final Set<String> KERNEL_FLAGS = Set.of("sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512bw",
            "avx512vl", "avx512dq", "avx512_vnni", "avx_vnni", "avx512_bf16", "avx512_fp16", "amx_tile", "amx_bf16",
            "amx_int8", "amx_fp16");
    /** Prefixes of environment variables that change the kernels or the allocator under them. */
    static final List<String> KERNEL_ENVIRONMENT_PREFIXES = List.of(
            "ONEDNN_", "DNNL_", "MKL_", "OMP_", "KMP_", "GOMP_", "MALLOC_", "LD_PRELOAD");

    /**
     * Describes this machine.
     *
     * @return the description
     */
    public static MachineInfo current() {
        return new MachineInfo(
                Runtime.getRuntime().availableProcessors(),
                readMemTotal(),
                readCpuModel(),
                isaFlags(readCpuInfo()),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    }

    private static long readMemTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private static String readCpuInfo() {
        try {
            return Files.readString(Path.of("/proc/cpuinfo"));
        } catch (IOException e) {
            return "";
        }
    }

    private static String readCpuModel() {
        for (String line : readCpuInfo().split("\n")) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "unknown";
    }

    /**
     * The kernel-relevant instruction-set flags of the first processor in a /proc/cpuinfo text.
     *
     * @param cpuInfo the text
     * @return the flags of {@link #KERNEL_FLAGS} it lists, in its order; empty when it has none
     */
    static List<String> isaFlags(String cpuInfo) {
        for (String line : cpuInfo.split("\n")) {
            if (line.startsWith("flags") && line.contains(":")) {
                return Arrays.stream(line.substring(line.indexOf(':') + 1).trim().split("\\s+"))
                        .filter(KERNEL_FLAGS::contains).distinct().toList();
            }
        }
        return List.of();
    }

    /**
     * The variables of an environment that change kernels, threads or the allocator.
     *
     * @param environment e.g. a probe's environment
     * @return those variables, sorted by name
     */
    static Map<String, String> kernelEnvironment(Map<String, String> environment) {
        Map<String, String> selected = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (KERNEL_ENVIRONMENT_PREFIXES.stream().anyMatch(name::startsWith)) {
                selected.put(name, value);
            }
        });
        return selected;
    }

    /**
     * The checked-out commit of a directory: {@code git rev-parse --short HEAD}, with "+dirty" when
     * {@code git status --porcelain} lists changes.
     *
     * @param directory a directory inside a checkout
     * @return e.g. "dfb9729" or "dfb9729+dirty"; "unknown" outside a checkout or without git
     */
    static String gitCommit(Path directory) {
        String hash = git(directory, "rev-parse", "--short", "HEAD");
        String status = hash == null ? null : git(directory, "status", "--porcelain", "--untracked-files=no");
        return describeCommit(hash, status);
    }

    /**
     * Names a commit from the outputs of git.
     *
     * @param shortHash output of {@code rev-parse --short HEAD}, or null if it failed
     * @param porcelainStatus output of {@code status --porcelain}, or null if it failed
     * @return the hash, "+dirty" when the status lists changes, or "unknown"
     */
    static String describeCommit(String shortHash, String porcelainStatus) {
        if (shortHash == null || shortHash.isBlank()) {
            return "unknown";
        }
        return shortHash.strip() + (porcelainStatus != null && !porcelainStatus.isBlank() ? "+dirty" : "");
    }

    private static String git(Path directory, String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "git";
        command[1] = "-C";
        command[2] = directory.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            return process.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The 1, 5 and 15 minute load averages of /proc/loadavg.
     *
     * @return e.g. "0.52 0.61 0.70", or "unknown"
     */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown";
        }
    }

    /**
     * Total memory in GiB.
     *
     * @return GiB
     */
    public double memoryGiB() {
        return memoryBytes / (1024.0 * 1024.0 * 1024.0);
    }
}
