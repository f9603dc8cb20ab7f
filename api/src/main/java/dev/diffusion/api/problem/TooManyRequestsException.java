package dev.diffusion.api.problem;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * 429: a tenant's limit holds the request back: {@code rate-limited} (submissions per minute; {@code Retry-After}
 * says when the next one is allowed) or {@code quota-exceeded} (too many open jobs; retry when one finished).
 */
public class TooManyRequestsException extends ProblemException {

    private static final long serialVersionUID = 1L;

    private final String slug;
    private final OptionalLong retryAfterSeconds;

    private TooManyRequestsException(String slug, String detail, OptionalLong retryAfterSeconds) {
        super(detail, List.of());
        this.slug = slug;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static TooManyRequestsException rateLimited(String detail, long retryAfterSeconds) {
        return new TooManyRequestsException("rate-limited", detail, OptionalLong.of(retryAfterSeconds));
    }

    public static TooManyRequestsException quotaExceeded(String detail) {
        return new TooManyRequestsException("quota-exceeded", detail, OptionalLong.empty());
    }

    @Override
    public int status() {
        return 429;
    }

    @Override
    public String slug() {
        return slug;
    }

    @Override
    public String title() {
        return "Too many requests";
    }

    @Override
    public Map<String, String> headers() {
        return retryAfterSeconds.isPresent() ? Map.of("Retry-After", String.valueOf(retryAfterSeconds.getAsLong()))
                : Map.of();
    }
}
