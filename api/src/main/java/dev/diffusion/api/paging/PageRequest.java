package dev.diffusion.api.paging;

import dev.diffusion.api.problem.InvalidRequestException;
import dev.diffusion.common.spec.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code limit} and {@code cursor} query parameters, checked.
 *
 * @param limit  items per page
 * @param cursor where the previous page ended, if any
 */
public record PageRequest(int limit, Optional<PageCursor> cursor) {

    /**
     * Parses the raw parameters.
     *
     * @throws InvalidRequestException (400) naming {@code limit} or {@code cursor}
     */
    public static PageRequest parse(String limit, String cursor, int defaultLimit, int maxLimit) {
        List<FieldError> errors = new ArrayList<>();
        int size = defaultLimit;
        if (limit != null && !limit.isBlank()) {
            try {
                size = Integer.parseInt(limit.trim());
                if (size < 1 || size > maxLimit) {
                    errors.add(new FieldError("limit", "must be between 1 and " + maxLimit + " (was " + size + ")"));
                }
            } catch (NumberFormatException e) {
                errors.add(new FieldError("limit", "must be an integer (was '" + limit + "')"));
            }
        }
        Optional<PageCursor> position = Optional.empty();
        if (cursor != null && !cursor.isBlank()) {
            try {
                position = Optional.of(PageCursor.decode(cursor.trim()));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("cursor", e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw InvalidRequestException.ofFields("invalid query parameters", errors);
        }
        return new PageRequest(size, position);
    }
}
