package dev.diffusion.api.problem;

import dev.diffusion.common.spec.FieldError;
import java.util.List;
import java.util.Map;

/** Base of the exceptions that become a {@link Problem}; subclasses fix status, type and title. */
public abstract class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<FieldError> errors;

    protected ProblemException(String detail, List<FieldError> errors) {
        super(detail);
        this.errors = List.copyOf(errors);
    }

    public abstract int status();

    /** The last part of the problem type URN, e.g. {@code not-found}. */
    public abstract String slug();

    public abstract String title();

    public List<FieldError> errors() {
        return errors;
    }

    /** Response headers that belong to the problem, e.g. {@code WWW-Authenticate} or {@code Retry-After}. */
    public Map<String, String> headers() {
        return Map.of();
    }
}
