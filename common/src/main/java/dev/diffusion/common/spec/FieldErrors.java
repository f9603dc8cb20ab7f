package dev.diffusion.common.spec;

import java.util.ArrayList;
import java.util.List;

/** Collects field errors while a spec is checked. */
final class FieldErrors {

    private final List<FieldError> errors = new ArrayList<>();

    void add(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    void check(boolean ok, String field, String message) {
        if (!ok) {
            add(field, message);
        }
    }

    void range(Integer value, int min, int max, String field) {
        check(value != null && value >= min && value <= max, field,
                "must be between " + min + " and " + max + " (was " + value + ")");
    }

    void range(Double value, double min, double max, String field) {
        check(value != null && !value.isNaN() && value >= min && value <= max, field,
                "must be between " + min + " and " + max + " (was " + value + ")");
    }

    /** Value in [min, max). */
    void rangeExclusiveMax(Double value, double min, double max, String field) {
        check(value != null && !value.isNaN() && value >= min && value < max, field,
                "must be at least " + min + " and below " + max + " (was " + value + ")");
    }

    List<FieldError> list() {
        return List.copyOf(errors);
    }
}
