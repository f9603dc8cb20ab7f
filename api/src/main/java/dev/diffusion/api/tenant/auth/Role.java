package dev.diffusion.api.tenant.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * What a key may do. Both roles own their tenant's jobs and models; only {@link #ADMIN} may use the admin
 * endpoints (tenants and keys of every tenant).
 */
public enum Role {
    ADMIN,
    MEMBER;

    /** {@code admin} or {@code member}, as the REST api writes it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code label} (case-insensitive), if any. */
    public static Optional<Role> parse(String label) {
        if (label == null) {
            return Optional.empty();
        }
        for (Role role : values()) {
            if (role.name().equalsIgnoreCase(label.trim())) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
