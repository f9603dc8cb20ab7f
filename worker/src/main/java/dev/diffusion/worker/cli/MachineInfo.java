package dev.diffusion.worker.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine a benchmark ran on.
 *
 * @param processors available processors (nproc)
 * @param memoryBytes total memory from /proc/meminfo (0 when unknown)
 * @param cpuModel the "model name" of /proc/cpuinfo
 * @param jvm the Java runtime name and version
 */
public record MachineInfo(int processors, long memoryBytes, String cpuModel, String jvm) {

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

    private static String readCpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
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
