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
    private final ModelExports exports;

    @Inject
    public ModelQueries(ModelRepository models, ModelEvaluations evaluations, ModelExports exports) {
        this.models = models;
        this.evaluations = evaluations;
        this.exports = exports;
    }

    /** The model if it is the tenant's or published; another tenant's unpublished model is empty, as an unknown one. */
    public Optional<ModelSnapshot> find(UUID tenantId, UUID id) {
        return QuarkusTransaction.joiningExisting().call(() -> models.findVisible(tenantId, id)
                .map(m -> new ModelSnapshot(m, evaluations.latestOf(tenantId, List.of(m.id)).get(m.id),
                        exports.exportsOf(List.of(m.trainingJobId)).get(m.trainingJobId))));
    }

    /** Published models of every tenant, newest first, each with the tenant's latest evaluation of it. */
    public Page<ModelSnapshot> listPublished(UUID tenantId, PageRequest page) {
        return QuarkusTransaction.joiningExisting().call(() -> snapshots(tenantId,
                models.pagePublished(page.cursor(), page.limit()), page));
    }

    /** The tenant's models, newest first. */
    public Page<ModelSnapshot> list(UUID tenantId, PageRequest page) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            return snapshots(tenantId, models.page(tenantId, page.cursor(), page.limit()), page);
        });
    }

    private Page<ModelSnapshot> snapshots(UUID tenantId, List<ModelEntity> rows, PageRequest page) {
        Map<UUID, LatestEvaluation> latest = evaluations.latestOf(tenantId, rows.stream().map(m -> m.id).toList());
        var files = exports.exportsOf(rows.stream().map(m -> m.trainingJobId).toList());
        return Page.of(rows, page.limit(), m -> new PageCursor(m.createdAt, m.id),
                m -> new ModelSnapshot(m, latest.get(m.id), files.get(m.trainingJobId)));
    }
}
