package dev.diffusion.api.problem;

import java.util.List;
import java.util.Map;

/** 401: no API key, or one that is unknown or revoked. The detail never says which of these it was. */
public class UnauthorizedException extends ProblemException {

    private static final long serialVersionUID = 1L;

    public UnauthorizedException(String detail) {
        super(detail, List.of());
    }

    @Override
    public int status() {
        return 401;
    }

    @Override
    public String slug() {
        return "unauthorized";
    }

    @Override
    public String title() {
        return "Unauthorized";
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("WWW-Authenticate", "Bearer realm=\"diffusion\"");
    }
}
