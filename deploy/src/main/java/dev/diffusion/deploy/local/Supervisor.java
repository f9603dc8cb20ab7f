package dev.diffusion.deploy.local;

import dev.diffusion.deploy.infra.LogTail;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Keeps child processes running. {@link #check()}, called periodically, finds a child that exited, reports it with
 * its exit code and the last lines of its log, and starts it again once the {@link RestartPolicy} delay has passed;
 * a restart that fails is retried after the next delay. Nothing else is touched: the servers and the other children
 * keep running. After {@link #stopAll()} nothing is restarted.
 */
public final class Supervisor {

    /** Starts a child anew; a failure is a {@link RuntimeException} whose message names the problem. */
    @FunctionalInterface
    public interface Starter {
        Supervised start();
    }

    private static final int LOG_LINES = 5;

    private final RestartPolicy policy;
    private final PrintStream out;
    private final Consumer<Supervised> onStart;
    private final List<Child> children = new ArrayList<>();
    private boolean stopped;

    /** {@code onStart} hears of every process started by a restart (the launcher records its pid). */
    public Supervisor(RestartPolicy policy, PrintStream out, Consumer<Supervised> onStart) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.out = Objects.requireNonNull(out, "out");
        this.onStart = Objects.requireNonNull(onStart, "onStart");
    }

    /** Supervises {@code started}, restarting it with {@code starter}. */
    public synchronized void supervise(Supervised started, Starter starter) {
        if (stopped) {
            throw new IllegalStateException("the supervisor is stopped");
        }
        children.add(new Child(started, starter, System.nanoTime()));
    }

    /** The current process of each child, in the order they were added. */
    public synchronized List<Supervised> children() {
        return children.stream().map(child -> child.current).toList();
    }

    /** Reports children that died since the last call and restarts those whose delay has passed. */
    public synchronized void check() {
        if (stopped) {
            return;
        }
        long now = System.nanoTime();
        for (Child child : children) {
            if (child.restartAt == null) {
                if (!child.current.isAlive()) {
                    died(child, now);
                }
            } else if (now - child.restartAt >= 0) {
                restart(child, now);
            }
        }
    }

    private void died(Child child, long now) {
        Duration uptime = Duration.ofNanos(now - child.startedAt);
        if (policy.isStable(uptime)) {
            child.deathsInARow = 0;
        }
        child.deathsInARow++;
        Duration delay = policy.delay(child.deathsInARow);
        Supervised dead = child.current;
        out.println(dead.name() + ": exited with code " + describe(dead.exitCode()) + " after "
                + seconds(uptime) + "; restarting in " + seconds(delay) + " (log: " + dead.logFile() + ")");
        LogTail.lastLines(dead.logFile(), LOG_LINES).forEach(line -> out.println("  " + line));
        child.restartAt = now + delay.toNanos();
    }

    private void restart(Child child, long now) {
        String name = child.current.name();
        try {
            Supervised started = child.starter.start();
            child.current = started;
            child.startedAt = now;
            child.restartAt = null;
            out.println(name + ": restarted (pid " + started.pid() + ", restart " + child.deathsInARow
                    + " in a row)");
            onStart.accept(started);
        } catch (RuntimeException e) {
            child.deathsInARow++;
            Duration delay = policy.delay(child.deathsInARow);
            out.println(name + ": restart failed: " + e.getMessage() + "; next try in " + seconds(delay));
            child.restartAt = now + delay.toNanos();
        }
    }

    /** Stops every child (in parallel) and restarts nothing from now on. Idempotent. */
    public void stopAll() {
        List<Supervised> running;
        synchronized (this) {
            stopped = true;
            running = children();
        }
        running.parallelStream().filter(Supervised::isAlive).forEach(Supervised::stop);
    }

    /** {@code 137 (SIGKILL: kill -9 or the out-of-memory killer)} and the like. */
    static String describe(OptionalInt exitCode) {
        if (exitCode.isEmpty()) {
            return "unknown";
        }
        int code = exitCode.getAsInt();
        String signal = switch (code - 128) {
            case 9 -> "SIGKILL: kill -9 or the out-of-memory killer";
            case 15 -> "SIGTERM";
            case 6 -> "SIGABRT: the JVM aborted, see hs_err_pid*.log";
            case 11 -> "SIGSEGV";
            case 2 -> "SIGINT";
            case 1 -> "SIGHUP";
            default -> null;
        };
        return signal == null ? Integer.toString(code) : code + " (" + signal + ")";
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private static final class Child {
        private final Starter starter;
        private Supervised current;
        private long startedAt;
        private int deathsInARow;
        private Long restartAt;

        private Child(Supervised current, Starter starter, long startedAt) {
            this.current = current;
            this.starter = starter;
            this.startedAt = startedAt;
        }
    }
}
