package dev.diffusion.api.tenant.rest;

import dev.diffusion.api.tenant.persistence.ApiKeyEntity;
import java.time.Instant;
import java.util.UUID;

/**
 * An API key. {@code key} is the key itself, present only in the answer to its creation (it is not stored);
 * {@code prefix} is its start, to tell keys apart.
 */
public record KeyResponse(UUID id, UUID tenantId, String name, String role, String prefix, Instant createdAt,
                          Instant revokedAt, String key) {

    static KeyResponse of(ApiKeyEntity k, String secret) {
        return new KeyResponse(k.id, k.tenantId, k.name, k.role.label(), k.keyPrefix, k.createdAt, k.revokedAt, secret);
    }

    static KeyResponse of(ApiKeyEntity k) {
        return of(k, null);
    }
}
