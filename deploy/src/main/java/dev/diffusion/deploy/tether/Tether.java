package dev.diffusion.deploy.tether;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Ends a process when the launcher that started it is gone.
 *
 * <ul>
 *   <li>As a Java agent, {@code -javaagent:tether.jar=<launcherPid>}, in every Java child (API, worker, S3Proxy,
 *   data set imports): the child leaves through {@link System#exit}, so its shutdown hooks run (a worker hands its
 *   job back), and is halted if they take longer than {@value #GRACE_SECONDS} s.</li>
 *   <li>As a program, {@code java -cp tether.jar dev.diffusion.deploy.tether.Tether <launcherPid> <pid> <signal>}:
 *   a watchdog that sends {@code signal} to {@code pid} (for PostgreSQL {@code INT}, its fast shutdown) and SIGKILL
 *   {@value #GRACE_SECONDS} s later. It ends on its own when {@code pid} ends first.</li>
 * </ul>
 *
 * While the launcher is the parent, "gone" means the parent changed (the child was re-parented), which no reuse of
 * the launcher's pid can fake. This class uses the JDK only: it is the whole jar.
 */
public final class Tether {

    /** Exit code of a child its tether ended: the code of a process ended by SIGTERM. */
    public static final int EXIT_CODE = 143;
    static final int GRACE_SECONDS = 20;
    private static final long POLL_MILLIS = 250;

    private final long launcherPid;
    private final boolean launcherIsParent;

    Tether(long launcherPid) {
        this.launcherPid = launcherPid;
        this.launcherIsParent = parentPid() == launcherPid;
    }

    /** Agent entry point: {@code arguments} is the launcher's pid. */
    public static void premain(String arguments) {
        Tether tether;
        try {
            tether = new Tether(Long.parseLong(arguments == null ? "" : arguments.trim()));
        } catch (NumberFormatException e) {
            System.err.println("tether: expected the launcher's pid as agent argument, got " + arguments);
            return;
        }
        Thread watcher = new Thread(() -> {
            tether.awaitLauncherGone();
            say("the launcher (pid " + tether.launcherPid + ") is gone; exiting");
            Thread halter = new Thread(() -> {
                sleep(TimeUnit.SECONDS.toMillis(GRACE_SECONDS));
                say("shutdown took longer than " + GRACE_SECONDS + " s; halting");
                Runtime.getRuntime().halt(EXIT_CODE);
            }, "tether-halt");
            halter.setDaemon(true);
            halter.start();
            System.exit(EXIT_CODE);
        }, "tether");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Watchdog entry point: {@code <launcherPid> <pid> <signal>}. */
    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: Tether <launcherPid> <pid> <signal, e.g. INT>");
            System.exit(2);
        }
        Tether tether = new Tether(Long.parseLong(args[0]));
        long pid = Long.parseLong(args[1]);
        String signal = args[2];
        while (tether.launcherAlive() && isAlive(pid)) {
            sleep(POLL_MILLIS);
        }
        if (!isAlive(pid)) {
            return;
        }
        say("the launcher (pid " + tether.launcherPid + ") is gone; sending SIG" + signal + " to pid " + pid);
        stop(pid, signal, GRACE_SECONDS);
    }

    /**
     * Sends {@code signal} (a name such as {@code TERM} or {@code INT}) to {@code pid}, waits up to
     * {@code graceSeconds} for it to end, then kills it. Returns whether it has ended.
     */
    public static boolean stop(long pid, String signal, long graceSeconds) {
        signal(pid, signal);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(graceSeconds);
        while (isAlive(pid) && System.nanoTime() < deadline) {
            sleep(100);
        }
        if (isAlive(pid)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            long killDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (isAlive(pid) && System.nanoTime() < killDeadline) {
                sleep(50);
            }
        }
        return !isAlive(pid);
    }

    /** Sends a signal by name; {@link ProcessHandle} only knows SIGTERM and SIGKILL. */
    public static boolean signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Alive and not a zombie (ended, not yet reaped), which {@link ProcessHandle#isAlive()} counts as alive. */
    private static boolean isAlive(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    boolean launcherAlive() {
        return launcherIsParent ? parentPid() == launcherPid : isAlive(launcherPid);
    }

    private void awaitLauncherGone() {
        while (launcherAlive()) {
            sleep(POLL_MILLIS);
        }
    }

    private static long parentPid() {
        return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
    }

    private static void say(String message) {
        System.err.println(Instant.now() + " tether (pid " + ProcessHandle.current().pid() + "): " + message);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
