package dev.diffusion.api.problem;

import dev.diffusion.common.spec.FieldError;
import java.util.List;

/**
 * 422: the body was read but its values break the rules: out of range, inconsistent with each other or
 * with the model, an unknown model or data set.
 */
public class ValidationFailedException extends ProblemException {

    private static final long serialVersionUID = 1L;

    public ValidationFailedException(List<FieldError> errors) {
        super(errors.size() == 1 ? "1 field is invalid" : errors.size() + " fields are invalid", errors);
    }

    @Override
    public int status() {
        return 422;
    }

    @Override
    public String slug() {
        return "validation-failed";
    }

    @Override
    public String title() {
        return "Validation failed";
    }
}
