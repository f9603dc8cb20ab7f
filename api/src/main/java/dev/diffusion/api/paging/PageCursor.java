package dev.diffusion.api.paging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Position in a newest-first listing: the (createdAt, id) of the last item returned. Clients see it as
 * an opaque URL-safe string; the next page holds the items strictly older than it (keyset paging, so
 * inserts during paging neither skip nor repeat items).
 *
 * @param createdAt creation time of the last item seen
 * @param id        its id, breaking ties between equal times
 */
public record PageCursor(Instant createdAt, UUID id) {

    private static final String VERSION = "v1";

    /** The opaque form. */
    public String encode() {
        String raw = VERSION + "|" + createdAt.getEpochSecond() + "|" + createdAt.getNano() + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads the opaque form.
     *
     * @throws IllegalArgumentException when it is not a cursor this api issued
     */
    public static PageCursor decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|");
            if (parts.length != 4 || !VERSION.equals(parts[0])) {
                throw new IllegalArgumentException("unknown cursor format");
            }
            Instant at = Instant.ofEpochSecond(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
            return new PageCursor(at, UUID.fromString(parts[3]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("is not a cursor returned by this api", e);
        }
    }
}
