package dev.diffusion.common.spec;

import java.util.List;
import java.util.stream.Collectors;

/** A spec broke one or more rules; {@link #errors()} lists each field and its problem. */
public class SpecValidationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<FieldError> errors;

    public SpecValidationException(List<FieldError> errors) {
        super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
