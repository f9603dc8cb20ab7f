package dev.diffusion.api.problem;

import java.util.List;

/** 409: the request contradicts the resource's state (cancel a finished job, reuse an idempotency key). */
public class ConflictException extends ProblemException {

    private static final long serialVersionUID = 1L;

    public ConflictException(String detail) {
        super(detail, List.of());
    }

    @Override
    public int status() {
        return 409;
    }

    @Override
    public String slug() {
        return "conflict";
    }

    @Override
    public String title() {
        return "Conflict";
    }
}
