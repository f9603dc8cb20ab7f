package dev.diffusion.api.problem;

import java.util.List;

/** 404: no such job, model or path. */
public class ResourceNotFoundException extends ProblemException {

    private static final long serialVersionUID = 1L;

    public ResourceNotFoundException(String detail) {
        super(detail, List.of());
    }

    @Override
    public int status() {
        return 404;
    }

    @Override
    public String slug() {
        return "not-found";
    }

    @Override
    public String title() {
        return "Not found";
    }
}
