package dev.diffusion.worker.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of this process from {@code /proc/self/status} (Linux): {@code VmRSS} now and
 * {@code VmHWM}, the peak since the process started.
 *
 * @param rssBytes current resident set size
 * @param peakRssBytes peak resident set size
 */
public record ProcessMemory(long rssBytes, long peakRssBytes) {

    private static final Path STATUS = Path.of("/proc/self/status");

    /**
     * Reads the current values.
     *
     * @return the values
     * @throws IllegalStateException when /proc is not available
     */
    public static ProcessMemory read() {
        try {
            return parse(Files.readString(STATUS));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + STATUS + " (memory figures need Linux): " + e.getMessage(), e);
        }
    }

    /**
     * Parses the text of a status file.
     *
     * @param status the file's content
     * @return the values
     */
    public static ProcessMemory parse(String status) {
        return new ProcessMemory(kilobytes(status, "VmRSS:") * 1024, kilobytes(status, "VmHWM:") * 1024);
    }

    private static long kilobytes(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key)) {
                String[] parts = line.substring(key.length()).trim().split("\\s+");
                return Long.parseLong(parts[0]);
            }
        }
        throw new IllegalStateException("no " + key + " line in /proc/self/status");
    }

    /**
     * Megabytes (MiB) of the current RSS.
     *
     * @return MiB
     */
    public double rssMiB() {
        return rssBytes / (1024.0 * 1024.0);
    }

    /**
     * Megabytes (MiB) of the peak RSS.
     *
     * @return MiB
     */
    public double peakRssMiB() {
        return peakRssBytes / (1024.0 * 1024.0);
    }
}
