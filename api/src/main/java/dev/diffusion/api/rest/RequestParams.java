package dev.diffusion.api.rest;

import dev.diffusion.api.problem.InvalidRequestException;
import dev.diffusion.api.problem.ResourceNotFoundException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Checks of path, query and header parameters, failing with a problem that names the parameter. */
public final class RequestParams {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");

    private RequestParams() {
    }

    /** A path id; anything but a UUID cannot name a resource, so it is a 404. */
    public static UUID id(String raw, String what) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw new ResourceNotFoundException("no " + what + " with id '" + raw + "'");
        }
    }

    /** An optional enum query parameter, case-insensitive. */
    public static <E extends Enum<E>> Optional<E> enumValue(String raw, Class<E> type, String name) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Enum.valueOf(type, raw.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.of(name, "must be one of " + Arrays.toString(type.getEnumConstants())
                    + " (was '" + raw + "')");
        }
    }

    /** An optional boolean query parameter: {@code true} or {@code false} (absent: false). */
    public static boolean flag(String raw, String name) {
        if (raw == null || raw.isBlank() || raw.trim().equalsIgnoreCase("false")) {
            return false;
        }
        if (raw.trim().equalsIgnoreCase("true")) {
            return true;
        }
        throw InvalidRequestException.of(name, "must be true or false (was '" + raw + "')");
    }

    /** The optional {@value #IDEMPOTENCY_KEY} header: 1 to 200 visible ASCII characters. */
    public static Optional<String> idempotencyKey(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        if (!KEY.matcher(raw).matches()) {
            throw InvalidRequestException.of(IDEMPOTENCY_KEY, "must be 1 to 200 visible ASCII characters");
        }
        return Optional.of(raw);
    }
}
