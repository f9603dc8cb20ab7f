package dev.diffusion.api.tenant.service;

import dev.diffusion.api.problem.ConflictException;
import dev.diffusion.api.problem.ResourceNotFoundException;
import dev.diffusion.api.problem.ValidationFailedException;
import dev.diffusion.api.tenant.auth.ApiKeySecret;
import dev.diffusion.api.tenant.auth.Role;
import dev.diffusion.api.tenant.persistence.ApiKeyEntity;
import dev.diffusion.api.tenant.persistence.ApiKeyRepository;
import dev.diffusion.api.tenant.persistence.TenantEntity;
import dev.diffusion.api.tenant.persistence.TenantRepository;
import dev.diffusion.common.spec.FieldError;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Creating, listing and revoking API keys. The key itself exists only in the answer to its creation. */
@ApplicationScoped
public class ApiKeys {

    /**
     * A key just created.
     *
     * @param key    the stored key (its hash)
     * @param secret the key to hand to its user: shown once, never stored
     */
    public record CreatedKey(ApiKeyEntity key, String secret) {
    }

    private static final int MAX_NAME = 100;

    private final ApiKeyRepository keys;
    private final TenantRepository tenants;
    private final KeyAuthenticator authenticator;
    private final Clock clock;

    @Inject
    public ApiKeys(ApiKeyRepository keys, TenantRepository tenants, KeyAuthenticator authenticator, Clock clock) {
        this.keys = keys;
        this.tenants = tenants;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    /**
     * Creates a key of a tenant.
     *
     * @param role {@code admin} or {@code member}
     * @throws ResourceNotFoundException (404) for an unknown tenant
     * @throws ConflictException         (409) for a revoked tenant
     * @throws ValidationFailedException (422) for a bad name or role
     */
    public CreatedKey create(UUID tenantId, String name, String role) {
        List<FieldError> errors = new ArrayList<>();
        String trimmed = name == null ? "" : name.trim();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME) {
            errors.add(new FieldError("name", "is required: 1 to " + MAX_NAME + " characters saying whose key it is"));
        }
        Optional<Role> parsed = Role.parse(role);
        if (parsed.isEmpty()) {
            String was = role == null ? "missing" : "'" + role + "'";
            errors.add(new FieldError("role", "must be 'admin' or 'member' (was " + was + ")"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            TenantEntity tenant = tenants.findByIdOptional(tenantId)
                    .orElseThrow(() -> new ResourceNotFoundException("no tenant with id " + tenantId));
            if (tenant.revokedAt != null) {
                throw new ConflictException("tenant " + tenantId + " is revoked: it cannot get new keys");
            }
            return store(tenantId, trimmed, parsed.get(), ApiKeySecret.generate());
        });
    }

    /** Stores a key given in full (the bootstrap key of a file); the caller's transaction. */
    CreatedKey store(UUID tenantId, String name, Role role, String secret) {
        ApiKeyEntity key = new ApiKeyEntity();
        key.id = UUID.randomUUID();
        key.tenantId = tenantId;
        key.role = role;
        key.name = name;
        key.keyHash = ApiKeySecret.hash(secret);
        key.keyPrefix = ApiKeySecret.shownPrefix(secret);
        key.createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        keys.persist(key);
        return new CreatedKey(key, secret);
    }

    /** Oldest first; of one tenant when given. */
    public List<ApiKeyEntity> list(Optional<UUID> tenantId) {
        return QuarkusTransaction.joiningExisting().call(() -> keys.list(tenantId));
    }

    /**
     * Revokes a key: refused at once by this api instance, by the others within the cache time. Revoking a
     * revoked key changes nothing.
     *
     * @throws ResourceNotFoundException (404) for an unknown key
     */
    public ApiKeyEntity revoke(UUID id) {
        ApiKeyEntity revoked = QuarkusTransaction.requiringNew().call(() -> {
            ApiKeyEntity key = keys.findByIdOptional(id)
                    .orElseThrow(() -> new ResourceNotFoundException("no API key with id " + id));
            if (key.revokedAt == null) {
                key.revokedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
            }
            return key;
        });
        authenticator.forget(revoked.keyHash);
        return revoked;
    }
}
