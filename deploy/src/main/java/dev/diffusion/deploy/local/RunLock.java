package dev.diffusion.deploy.local;

import dev.diffusion.deploy.infra.DataFolder;
import dev.diffusion.deploy.infra.InfrastructureException;
import dev.diffusion.deploy.infra.PostgresServer;
import dev.diffusion.deploy.tether.Tether;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One launcher per data folder, and nothing left over from a dead one. The launcher holds an OS lock on
 * {@value #LOCK_FILE} while it runs (the kernel releases it however the process ends) and records its own pid and
 * its children's in {@value #STATE_FILE}. A start that gets the lock but finds a record stops the recorded processes
 * still alive (SIGTERM; PostgreSQL SIGINT, its fast shutdown; SIGKILL after {@value #GRACE_SECONDS} s) and a
 * postmaster still running on the cluster or its stale {@code postmaster.pid}; a start that cannot get the lock
 * names the launcher holding it and refuses. A recorded pid counts only if the process also has the recorded
 * start time, so a reused pid is never signalled.
 */
public final class RunLock implements AutoCloseable {

    public static final String LOCK_FILE = "launcher.lock";
    public static final String STATE_FILE = "launcher.pids";
    static final String LAUNCHER = "launcher";
    static final String POSTGRES = "postgres";
    static final long GRACE_SECONDS = 15;

    private final Path dataDirectory;
    private final Path postgresDirectory;
    private final FileChannel channel;
    private final FileLock lock;
    private final Map<String, String> state = new TreeMap<>();

    private RunLock(Path dataDirectory, Path postgresDirectory, FileChannel channel, FileLock lock) {
        this.dataDirectory = dataDirectory;
        this.postgresDirectory = postgresDirectory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the data folder for this process, first stopping what a dead launcher left in it.
     *
     * @param postgresDirectory the PostgreSQL cluster inside the folder, whose {@code postmaster.pid} is checked
     * @throws InfrastructureException {@code "data folder: another local run (pid N ...) is using ..."}, or when a
     *     leftover process cannot be stopped
     */
    public static RunLock acquire(Path dataDirectory, Path postgresDirectory, PrintStream out) {
        DataFolder.requireWritable(dataDirectory);
        FileChannel channel = null;
        FileLock lock = null;
        try {
            channel = FileChannel.open(dataDirectory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldByThisJvm) {
            lock = null;
        } catch (IOException e) {
            throw new InfrastructureException(DataFolder.COMPONENT, "cannot lock " + dataDirectory.resolve(LOCK_FILE)
                    + ": " + InfrastructureException.describe(e), e);
        }
        if (lock == null) {
            closeQuietly(channel);
            throw inUse(dataDirectory, read(dataDirectory.resolve(STATE_FILE)).get(LAUNCHER));
        }
        RunLock runLock = new RunLock(dataDirectory, postgresDirectory, channel, lock);
        try {
            runLock.cleanUp(out);
            runLock.record(LAUNCHER, ProcessHandle.current().pid());
            return runLock;
        } catch (RuntimeException e) {
            runLock.close();
            throw e;
        }
    }

    /** Records a child's pid and start time, replacing an earlier process of the same name. */
    public synchronized void record(String name, long pid) {
        OptionalLong start = LinuxProcess.startTicks(pid);
        state.put(name, pid + " " + (start.isPresent() ? Long.toString(start.getAsLong()) : "-"));
        write();
    }

    /** The pids recorded so far, by name ({@value #LAUNCHER} is this process). */
    public synchronized Map<String, Long> recorded() {
        return state.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                entry -> Long.parseLong(entry.getValue().split(" ")[0]), (a, b) -> a, TreeMap::new));
    }

    /** Forgets the record and releases the folder (after an orderly stop). */
    @Override
    public synchronized void close() {
        try {
            Files.deleteIfExists(dataDirectory.resolve(STATE_FILE));
        } catch (IOException e) {
            // the next start finds the record and no live process in it
        }
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it as well
        }
        closeQuietly(channel);
    }

    private void cleanUp(PrintStream out) {
        Map<String, String> left = read(dataDirectory.resolve(STATE_FILE));
        String launcher = left.remove(LAUNCHER);
        if (launcher != null && live(launcher).isPresent()) {
            throw inUse(dataDirectory, launcher);
        }
        Map<String, ProcessHandle> alive = new LinkedHashMap<>();
        left.forEach((name, entry) -> live(entry).ifPresent(process -> alive.put(name, process)));
        Path postmasterPid = PostgresServer.postmasterPidFile(postgresDirectory);
        OptionalLong postmaster = PostgresServer.readPid(postmasterPid);
        Optional<ProcessHandle> runningPostmaster = postmaster.isPresent()
                ? ProcessHandle.of(postmaster.getAsLong()).filter(this::isOurPostmaster) : Optional.empty();
        runningPostmaster.filter(process -> !alive.containsValue(process))
                .ifPresent(process -> alive.put(POSTGRES, process));
        if (!alive.isEmpty()) {
            out.println("Stopping what a local run that did not stop (launcher pid " + pidOf(launcher)
                    + ") left in " + dataDirectory + ": " + alive.entrySet().stream()
                    .map(entry -> entry.getKey() + " (pid " + entry.getValue().pid() + ")")
                    .collect(Collectors.joining(", ")) + " ...");
            stop(alive);
        }
        boolean postmasterGone = postmaster.isPresent()
                && ProcessHandle.of(postmaster.getAsLong()).filter(this::isOurPostmaster).isEmpty();
        if (postmasterGone) {
            try {
                if (Files.deleteIfExists(postmasterPid)) {
                    out.println("Removed the stale " + postmasterPid);
                }
            } catch (IOException e) {
                throw new InfrastructureException(POSTGRES, "cannot remove the stale " + postmasterPid + ": "
                        + InfrastructureException.describe(e), e);
            }
        }
    }

    private static void stop(Map<String, ProcessHandle> processes) {
        processes.forEach((name, process) -> Tether.signal(process.pid(), POSTGRES.equals(name) ? "INT" : "TERM"));
        awaitExit(processes, GRACE_SECONDS * 1000);
        processes.values().stream().filter(RunLock::running).forEach(ProcessHandle::destroyForcibly);
        awaitExit(processes, 5000);
        processes.forEach((name, process) -> {
            if (running(process)) {
                throw new InfrastructureException(name, "pid " + process.pid() + ", left by a local run that did not"
                        + " stop, does not end; stop it by hand");
            }
        });
    }

    private static void awaitExit(Map<String, ProcessHandle> processes, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (processes.values().stream().anyMatch(RunLock::running) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The process of a record {@code "<pid> <start ticks>"}, if it runs and started at that time. */
    private static Optional<ProcessHandle> live(String entry) {
        String[] parts = entry.trim().split(" ");
        try {
            long pid = Long.parseLong(parts[0]);
            OptionalLong recordedStart = parts.length > 1 && !parts[1].equals("-")
                    ? OptionalLong.of(Long.parseLong(parts[1])) : OptionalLong.empty();
            OptionalLong actualStart = LinuxProcess.startTicks(pid);
            boolean sameProcess = recordedStart.isEmpty() || actualStart.isEmpty()
                    || recordedStart.getAsLong() == actualStart.getAsLong();
            return sameProcess && LinuxProcess.isRunning(pid) ? ProcessHandle.of(pid) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean running(ProcessHandle process) {
        return LinuxProcess.isRunning(process.pid());
    }

    /** A live {@code postgres} whose arguments, when visible, name this folder's cluster (not a reused pid). */
    private boolean isOurPostmaster(ProcessHandle process) {
        ProcessHandle.Info info = process.info();
        return LinuxProcess.isRunning(process.pid()) && info.command().map(command -> command.endsWith("/postgres")).orElse(false)
                && info.arguments().map(arguments -> List.of(arguments).contains(postgresDirectory.toString()))
                        .orElse(true);
    }

    private static InfrastructureException inUse(Path dataDirectory, String launcher) {
        String pid = pidOf(launcher);
        return new InfrastructureException(DataFolder.COMPONENT, "another local run (pid " + pid + ") is using "
                + dataDirectory + "; stop it first (Ctrl-C in its terminal, or kill " + pid
                + ") or give this one another --data folder");
    }

    private static String pidOf(String entry) {
        return entry == null ? "unknown" : entry.trim().split(" ")[0];
    }

    private static Map<String, String> read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException missingOrUnreadable) {
            return new TreeMap<>();
        }
        Map<String, String> entries = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> entries.put(name, properties.getProperty(name)));
        return entries;
    }

    private void write() {
        Properties properties = new Properties();
        properties.putAll(state);
        Path file = dataDirectory.resolve(STATE_FILE);
        try {
            Path partial = Files.createTempFile(dataDirectory, STATE_FILE, ".partial");
            try (Writer writer = Files.newBufferedWriter(partial)) {
                properties.store(writer, "processes of the local run; name = pid start-time-millis");
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new InfrastructureException(DataFolder.COMPONENT, "cannot write " + file + ": "
                    + InfrastructureException.describe(e), e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }
}
