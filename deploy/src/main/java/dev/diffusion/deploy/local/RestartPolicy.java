package dev.diffusion.deploy.local;

import java.time.Duration;

/**
 * When a {@link Supervisor} restarts a child that died: after {@code firstDelay}, doubled for each death in a row up
 * to {@code maxDelay}; a child that ran for {@code stableAfter} before dying starts the series afresh, so a crash
 * a day waits {@code firstDelay} while a crash loop does not burn the CPU.
 */
public record RestartPolicy(Duration firstDelay, Duration maxDelay, Duration stableAfter) {

    /** 1 s, 2 s, 4 s ... 30 s; stable after a minute. */
    public static final RestartPolicy DEFAULT =
            new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(1));

    public RestartPolicy {
        if (firstDelay.isNegative() || firstDelay.isZero()) {
            throw new IllegalArgumentException("first restart delay must be positive, got " + firstDelay);
        }
        if (maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("maximum restart delay " + maxDelay + " is below the first, "
                    + firstDelay);
        }
        if (stableAfter.isNegative() || stableAfter.isZero()) {
            throw new IllegalArgumentException("stable period must be positive, got " + stableAfter);
        }
    }

    /** The wait before restart number {@code deathsInARow} (1 for the first death after a stable run). */
    public Duration delay(int deathsInARow) {
        if (deathsInARow < 1) {
            throw new IllegalArgumentException("deaths in a row start at 1, got " + deathsInARow);
        }
        Duration delay = firstDelay;
        for (int i = 1; i < deathsInARow && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    /** Whether a child that ran for {@code uptime} counts as stable, resetting the series. */
    public boolean isStable(Duration uptime) {
        return uptime.compareTo(stableAfter) >= 0;
    }
}
