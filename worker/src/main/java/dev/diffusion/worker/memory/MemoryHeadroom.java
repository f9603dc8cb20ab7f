package dev.diffusion.worker.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * How much more memory this worker can use now: the smaller of the machine's {@code MemAvailable}
 * ({@code /proc/meminfo}: free plus reclaimable memory) and, inside a container, its cgroup's limit minus what the
 * cgroup already uses. Exceeding it gets the process killed by the kernel, which a job cannot report.
 */
public final class MemoryHeadroom {

    private static final Path MEMINFO = Path.of("/proc/meminfo");
    private static final Path CGROUP_V2 = Path.of("/sys/fs/cgroup");
    private static final Path CGROUP_V1 = Path.of("/sys/fs/cgroup/memory");

    private MemoryHeadroom() {}

    /**
     * The headroom of this process.
     *
     * @return bytes, or empty where neither /proc/meminfo nor a cgroup limit can be read (not Linux)
     */
    public static OptionalLong current() {
        OptionalLong available = meminfoAvailable(read(MEMINFO));
        OptionalLong cgroup = cgroupHeadroom(read(CGROUP_V2.resolve("memory.max")),
                read(CGROUP_V2.resolve("memory.current")));
        if (cgroup.isEmpty()) {
            cgroup = cgroupHeadroom(read(CGROUP_V1.resolve("memory.limit_in_bytes")),
                    read(CGROUP_V1.resolve("memory.usage_in_bytes")));
        }
        if (available.isPresent() && cgroup.isPresent()) {
            return OptionalLong.of(Math.min(available.getAsLong(), cgroup.getAsLong()));
        }
        return available.isPresent() ? available : cgroup;
    }

    /**
     * The machine's total memory, {@code MemTotal} of /proc/meminfo.
     *
     * @return bytes, or empty where /proc/meminfo cannot be read (not Linux)
     */
    public static OptionalLong machineTotal() {
        return meminfoField(read(MEMINFO), "MemTotal:");
    }

    static OptionalLong meminfoAvailable(String meminfo) {
        return meminfoField(meminfo, "MemAvailable:");
    }

    /**
     * One field of a meminfo text, which gives kilobytes.
     *
     * @param meminfo the text of /proc/meminfo, or null
     * @param key the field with its colon, e.g. {@code MemTotal:}
     * @return bytes, or empty when absent
     */
    static OptionalLong meminfoField(String meminfo, String key) {
        if (meminfo == null) {
            return OptionalLong.empty();
        }
        for (String line : meminfo.split("\n")) {
            if (line.startsWith(key)) {
                try {
                    return OptionalLong.of(Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]) * 1024);
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    /**
     * A cgroup's limit minus its usage.
     *
     * @param limit the limit file's text ({@code max} or a huge number: no limit), or null
     * @param usage the usage file's text, or null
     * @return bytes (0 when over the limit), or empty without a limit
     */
    static OptionalLong cgroupHeadroom(String limit, String usage) {
        if (limit == null || usage == null || limit.isBlank() || limit.trim().equals("max")) {
            return OptionalLong.empty();
        }
        try {
            long max = Long.parseLong(limit.trim());
            // cgroup v1 writes "no limit" as the largest page-aligned long
            if (max >= Long.MAX_VALUE / 2) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(Math.max(0, max - Long.parseLong(usage.trim())));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static String read(Path file) {
        try {
            return Files.isReadable(file) ? Files.readString(file) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
