package dev.diffusion.api.model.rest;

import java.util.List;

/**
 * A page of models, newest first.
 *
 * @param items      the models
 * @param nextCursor pass as {@code cursor} for the next page; absent on the last page
 */
public record ModelPageResponse(List<ModelResponse> items, String nextCursor) {
}
