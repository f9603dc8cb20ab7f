package dev.diffusion.api.tenant.auth;

import java.util.UUID;

/**
 * The caller a valid key names.
 *
 * @param keyId    the key
 * @param tenantId the tenant that owns what the caller creates and sees
 * @param role     what the key may do
 * @param limits   the tenant's effective limits when the key was checked
 */
public record Principal(UUID keyId, UUID tenantId, Role role, Limits limits) {

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
