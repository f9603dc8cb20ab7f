package dev.diffusion.api.model.rest;

import java.util.UUID;

/**
 * A model's publication.
 *
 * @param id        the model
 * @param tenantId  the tenant that owns it
 * @param published whether every tenant may read it and sample or evaluate it
 */
public record PublicationResponse(UUID id, UUID tenantId, boolean published) {
}
