package dev.diffusion.api.problem;

import java.util.List;

/** 503: a server the request needs (object storage) did not answer; the request may be retried. */
public class DependencyUnavailableException extends ProblemException {

    private static final long serialVersionUID = 1L;

    public DependencyUnavailableException(String detail, Throwable cause) {
        super(detail, List.of());
        initCause(cause);
    }

    @Override
    public int status() {
        return 503;
    }

    @Override
    public String slug() {
        return "dependency-unavailable";
    }

    @Override
    public String title() {
        return "Dependency unavailable";
    }
}
