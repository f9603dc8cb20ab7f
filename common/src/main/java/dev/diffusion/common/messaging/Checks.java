package dev.diffusion.common.messaging;

/** Argument checks of the message records; a failure names the field. */
final class Checks {

    private Checks() {
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    static void notNull(Object value, String field) {
        check(value != null, field + " is required");
    }

    static void notBlank(String value, String field) {
        check(value != null && !value.isBlank(), field + " is required");
    }
}
