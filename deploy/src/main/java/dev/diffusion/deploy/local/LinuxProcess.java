package dev.diffusion.deploy.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * What {@code /proc/<pid>/stat} says about a process, where {@link ProcessHandle} is not enough: its start time in
 * clock ticks since boot, which, unlike {@code ProcessHandle.Info.startInstant()}, does not move when the machine's
 * clock is stepped (a JVM turns ticks into an instant with the boot time it read at its own start, so two JVMs on a
 * restored virtual machine can disagree by seconds); and whether it has ended but is not yet reaped (a zombie, which
 * {@code ProcessHandle.isAlive()} reports as alive, as it does for an orphan whose new parent is slow to reap).
 */
public final class LinuxProcess {

    private static final int STATE = 0;
    private static final int START_TICKS = 19;

    private LinuxProcess() {
    }

    /** The start time in clock ticks since boot; empty when the process is gone or {@code /proc} is not readable. */
    public static OptionalLong startTicks(long pid) {
        String[] fields = fields(pid);
        return fields.length > START_TICKS ? OptionalLong.of(Long.parseLong(fields[START_TICKS])) : OptionalLong.empty();
    }

    /** True while the process runs: alive and not a zombie. */
    public static boolean isRunning(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        String[] fields = fields(pid);
        // without /proc there is nothing better than the handle's word
        return fields.length == 0 || !fields[STATE].equals("Z") && !fields[STATE].equals("X");
    }

    /** The fields after the command name (which may hold spaces and parentheses): state first. */
    private static String[] fields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        } catch (IOException | RuntimeException e) {
            return new String[0];
        }
    }
}
