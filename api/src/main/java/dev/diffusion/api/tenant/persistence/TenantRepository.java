package dev.diffusion.api.tenant.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Queries of the tenants table. */
@ApplicationScoped
public class TenantRepository implements PanacheRepositoryBase<TenantEntity, UUID> {

    public Optional<TenantEntity> findByName(String name) {
        return find("name", name).firstResultOptional();
    }

    /** Oldest first (there are few tenants: no paging). */
    public List<TenantEntity> all() {
        return listAll(Sort.ascending("createdAt", "id"));
    }
}
