package dev.diffusion.common.spec;

/**
 * One problem with one field of a request or spec.
 *
 * @param field   dotted path of the field, e.g. {@code model.baseChannels}
 * @param message what is wrong, readable by the user
 */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
