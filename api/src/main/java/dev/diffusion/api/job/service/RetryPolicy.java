package dev.diffusion.api.job.service;

import dev.diffusion.api.config.DiffusionConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * Exponential back-off between attempts after a retryable failure (db-scheduler's
 * {@code maxRetries(n).withBackoff(d, multiplier)}): attempt 2 waits the initial delay, each further
 * attempt {@code multiplier} times longer, never more than the maximum.
 */
@ApplicationScoped
public class RetryPolicy {

    private final Duration initial;
    private final double multiplier;
    private final Duration max;

    @Inject
    public RetryPolicy(DiffusionConfig config) {
        this(config.jobs().retryInitialBackoff(), config.jobs().retryBackoffMultiplier(), config.jobs().retryMaxBackoff());
    }

    public RetryPolicy(Duration initial, double multiplier, Duration max) {
        if (initial.isNegative() || multiplier < 1.0 || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("retry back-off needs initial >= 0, multiplier >= 1 and max >= initial (was "
                    + initial + ", " + multiplier + ", " + max + ")");
        }
        this.initial = initial;
        this.multiplier = multiplier;
        this.max = max;
    }

    /** How long to wait before dispatching {@code nextAttempt} (2 for the first retry). */
    public Duration delayBefore(int nextAttempt) {
        if (nextAttempt < 2) {
            return Duration.ZERO;
        }
        double millis = initial.toMillis() * Math.pow(multiplier, nextAttempt - 2);
        return millis >= max.toMillis() ? max : Duration.ofMillis(Math.round(millis));
    }
}
