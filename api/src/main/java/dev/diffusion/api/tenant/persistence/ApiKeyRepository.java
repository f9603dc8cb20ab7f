package dev.diffusion.api.tenant.persistence;

import dev.diffusion.api.tenant.auth.Role;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Queries of the api_keys table. */
@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKeyEntity, UUID> {

    /** A live key and its tenant. */
    public record LiveKey(ApiKeyEntity key, TenantEntity tenant) {
    }

    /** The key with this hash if neither it nor its tenant is revoked (one indexed lookup and a join). */
    public Optional<LiveKey> findLive(String keyHash) {
        return getEntityManager().createQuery("""
                        select k, t from ApiKeyEntity k, TenantEntity t
                        where k.keyHash = :hash and k.revokedAt is null and t.id = k.tenantId and t.revokedAt is null
                        """, Object[].class)
                .setParameter("hash", keyHash)
                .getResultStream().findFirst()
                .map(row -> new LiveKey((ApiKeyEntity) row[0], (TenantEntity) row[1]));
    }

    /** Whether any live admin key of a live tenant exists. */
    public boolean liveAdminExists() {
        return getEntityManager().createQuery("""
                        select count(k) from ApiKeyEntity k, TenantEntity t
                        where k.role = :admin and k.revokedAt is null and t.id = k.tenantId and t.revokedAt is null
                        """, Long.class)
                .setParameter("admin", Role.ADMIN)
                .getSingleResult() > 0;
    }

    public Optional<ApiKeyEntity> findByHash(String keyHash) {
        return find("keyHash", keyHash).firstResultOptional();
    }

    /** Oldest first; of one tenant when given. */
    public List<ApiKeyEntity> list(Optional<UUID> tenantId) {
        Sort oldest = Sort.ascending("createdAt", "id");
        return tenantId.map(t -> list("tenantId", oldest, t)).orElseGet(() -> listAll(oldest));
    }
}
