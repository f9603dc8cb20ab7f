package dev.diffusion.api.problem;

import java.util.List;

/**
 * 403: the key is valid but its role may not do this (a member on an admin endpoint). Never used for another
 * tenant's resources: those are 404, so that their existence is not confirmed.
 */
public class ForbiddenException extends ProblemException {

    private static final long serialVersionUID = 1L;

    public ForbiddenException(String detail) {
        super(detail, List.of());
    }

    @Override
    public int status() {
        return 403;
    }

    @Override
    public String slug() {
        return "forbidden";
    }

    @Override
    public String title() {
        return "Forbidden";
    }
}
