package dev.diffusion.worker.cli;

import dev.diffusion.engine.numerics.CpuDescription;
import dev.diffusion.worker.memory.MemoryHeadroom;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The machine a benchmark ran on.
 *
 * @param processors available processors (nproc)
 * @param memoryBytes total memory from /proc/meminfo (0 when unknown)
 * @param cpuModel the "model name" of /proc/cpuinfo
 * @param isaFlags the instruction-set flags that select kernels ({@link CpuDescription#KERNEL_FLAGS})
 * @param jvm the Java runtime name and version
 */
public record MachineInfo(int processors, long memoryBytes, String cpuModel, List<String> isaFlags, String jvm) {

    /** Prefixes of environment variables that change the kernels or the allocator under them. */
    static final List<String> KERNEL_ENVIRONMENT_PREFIXES = List.of(
            "ONEDNN_", "DNNL_", "MKL_", "OMP_", "KMP_", "GOMP_", "MALLOC_", "GLIBC_TUNABLES", "LD_PRELOAD");

    /**
     * Describes this machine.
     *
     * @return the description
     */
    public static MachineInfo current() {
        return new MachineInfo(
                Runtime.getRuntime().availableProcessors(),
                MemoryHeadroom.machineTotal().orElse(0),
                CpuDescription.current().model(),
                CpuDescription.current().flags(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
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
