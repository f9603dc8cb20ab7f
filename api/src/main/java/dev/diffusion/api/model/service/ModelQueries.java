package dev.diffusion.api.model.service;

import dev.diffusion.api.model.persistence.ModelEntity;
import dev.diffusion.api.model.persistence.ModelRepository;
import dev.diffusion.api.paging.Page;
import dev.diffusion.api.paging.PageCursor;
import dev.diffusion.api.paging.PageRequest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Read side of models, each with its latest succeeded evaluation. */
@ApplicationScoped
public class ModelQueries {

    private final ModelRepository models;
    private final ModelEvaluations evaluations;

    @Inject
    public ModelQueries(ModelRepository models, ModelEvaluations evaluations) {
        this.models = models;
        this.evaluations = evaluations;
    }

    /** The model if it is the tenant's; another tenant's model is empty, as an unknown one. */
    public Optional<ModelSnapshot> find(UUID tenantId, UUID id) {
        return QuarkusTransaction.joiningExisting().call(() -> models.findOwned(tenantId, id)
                .map(m -> new ModelSnapshot(m, evaluations.latestOf(List.of(m.id)).get(m.id))));
    }

    /** The tenant's models, newest first. */
    public Page<ModelSnapshot> list(UUID tenantId, PageRequest page) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            List<ModelEntity> rows = models.page(tenantId, page.cursor(), page.limit());
            Map<UUID, LatestEvaluation> latest = evaluations.latestOf(rows.stream().map(m -> m.id).toList());
            return Page.of(rows, page.limit(), m -> new PageCursor(m.createdAt, m.id),
                    m -> new ModelSnapshot(m, latest.get(m.id)));
        });
    }
}
