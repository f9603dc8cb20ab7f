package dev.diffusion.api.problem;

import dev.diffusion.common.spec.FieldError;
import java.util.List;

/**
 * 400: the request could not be read: malformed JSON, an unknown field, a wrong type or enum value,
 * a bad query parameter or header.
 */
public class InvalidRequestException extends ProblemException {

    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String detail, List<FieldError> errors) {
        super(detail, errors);
    }

    public static InvalidRequestException ofFields(String detail, List<FieldError> errors) {
        return new InvalidRequestException(detail, errors);
    }

    public static InvalidRequestException of(String field, String message) {
        return new InvalidRequestException(field + " " + message, List.of(new FieldError(field, message)));
    }

    @Override
    public int status() {
        return 400;
    }

    @Override
    public String slug() {
        return "invalid-request";
    }

    @Override
    public String title() {
        return "Invalid request";
    }
}
