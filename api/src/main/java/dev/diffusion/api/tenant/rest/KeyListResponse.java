package dev.diffusion.api.tenant.rest;

import java.util.List;

/** API keys, oldest first, without the keys themselves. */
public record KeyListResponse(List<KeyResponse> items) {
}
