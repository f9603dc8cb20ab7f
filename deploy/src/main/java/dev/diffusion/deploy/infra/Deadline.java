package dev.diffusion.deploy.infra;

import java.time.Duration;

/** Polling helper for readiness checks: retry until a condition holds or the time is up. */
final class Deadline {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private final long endNanos;

    private Deadline(Duration timeout) {
        this.endNanos = System.nanoTime() + timeout.toNanos();
    }

    static Deadline in(Duration timeout) {
        return new Deadline(timeout);
    }

    boolean passed() {
        return System.nanoTime() - endNanos >= 0;
    }

    Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }

    /** Sleeps one poll interval; an interrupt becomes an {@link InfrastructureException} for {@code component}. */
    void pause(Component component) {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException(component, "interrupted while waiting for readiness", e);
        }
    }
}
