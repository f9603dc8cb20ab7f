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

    /** Newest first after {@code cursor}, {@code limit + 1} rows. */
    public List<ModelEntity> page(Optional<PageCursor> cursor, int limit) {
        Sort newest = Sort.descending("createdAt", "id");
        if (cursor.isEmpty()) {
            return findAll(newest).page(0, limit + 1).list();
        }
        PageCursor c = cursor.get();
        return find("createdAt < :at or (createdAt = :at and id < :id)", newest,
                Parameters.with("at", c.createdAt()).and("id", c.id())).page(0, limit + 1).list();
    }

    public Optional<ModelEntity> findByTrainingJob(UUID jobId) {
        return find("trainingJobId", jobId).firstResultOptional();
    }
}
