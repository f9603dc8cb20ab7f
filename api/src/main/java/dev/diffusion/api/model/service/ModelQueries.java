package dev.diffusion.api.model.service;

import dev.diffusion.api.model.persistence.ModelEntity;
import dev.diffusion.api.model.persistence.ModelRepository;
import dev.diffusion.api.paging.Page;
import dev.diffusion.api.paging.PageCursor;
import dev.diffusion.api.paging.PageRequest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;

/** Read side of models. */
@ApplicationScoped
public class ModelQueries {

    private final ModelRepository models;

    @Inject
    public ModelQueries(ModelRepository models) {
        this.models = models;
    }

    public Optional<ModelEntity> find(UUID id) {
        return QuarkusTransaction.joiningExisting().call(() -> models.findByIdOptional(id));
    }

    public Page<ModelEntity> list(PageRequest page) {
        return QuarkusTransaction.joiningExisting().call(() -> Page.of(models.page(page.cursor(), page.limit()),
                page.limit(), m -> new PageCursor(m.createdAt, m.id), m -> m));
    }
}
