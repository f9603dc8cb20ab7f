package dev.diffusion.api.model.persistence;

import dev.diffusion.api.paging.PageCursor;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Queries of the models table. */
@ApplicationScoped
public class ModelRepository implements PanacheRepositoryBase<ModelEntity, UUID> {

    /** The tenant's models newest first after {@code cursor}, {@code limit + 1} rows. */
    public List<ModelEntity> page(UUID tenantId, Optional<PageCursor> cursor, int limit) {
        Sort newest = Sort.descending("createdAt", "id");
        if (cursor.isEmpty()) {
            return find("tenantId", newest, tenantId).page(0, limit + 1).list();
        }
        PageCursor c = cursor.get();
        return find("tenantId = :tenant and (createdAt < :at or (createdAt = :at and id < :id))", newest,
                Parameters.with("tenant", tenantId).and("at", c.createdAt()).and("id", c.id()))
                .page(0, limit + 1).list();
    }

    /**
     * The model if the tenant may use it: its own or a published one; another tenant's unpublished model is as absent
     * as an unknown one.
     */
    public Optional<ModelEntity> findVisible(UUID tenantId, UUID id) {
        return find("id = ?1 and (tenantId = ?2 or published = true)", id, tenantId).firstResultOptional();
    }

    /** Published models of every tenant, newest first after {@code cursor}, {@code limit + 1} rows. */
    public List<ModelEntity> pagePublished(Optional<PageCursor> cursor, int limit) {
        Sort newest = Sort.descending("createdAt", "id");
        if (cursor.isEmpty()) {
            return find("published = true", newest).page(0, limit + 1).list();
        }
        PageCursor c = cursor.get();
        return find("published = true and (createdAt < :at or (createdAt = :at and id < :id))", newest,
                Parameters.with("at", c.createdAt()).and("id", c.id())).page(0, limit + 1).list();
    }

    public Optional<ModelEntity> findByTrainingJob(UUID jobId) {
        return find("trainingJobId", jobId).firstResultOptional();
    }
}
