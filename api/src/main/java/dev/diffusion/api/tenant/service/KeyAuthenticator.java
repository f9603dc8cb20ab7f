package dev.diffusion.api.tenant.service;

import dev.diffusion.api.config.DiffusionConfig;
import dev.diffusion.api.tenant.auth.ApiKeySecret;
import dev.diffusion.api.tenant.auth.Limits;
import dev.diffusion.api.tenant.auth.Principal;
import dev.diffusion.api.tenant.persistence.ApiKeyRepository;
import dev.diffusion.api.tenant.persistence.TenantEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the principal of a key. Answers, also "unknown", are cached by the key's hash for
 * {@code diffusion.auth.cache-ttl}: the database holds the truth, so a revocation through any api instance
 * is seen by every other one within that time, and at once by the instance that made it. The same holds for a
 * tenant's limits, which the principal carries.
 */
@ApplicationScoped
public class KeyAuthenticator {

    private record Cached(Optional<Principal> principal, long expiresAtNanos) {
    }

    private final ApiKeyRepository keys;
    private final long ttlNanos;
    private final int maxEntries;
    private final DiffusionConfig.Limits defaults;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    @Inject
    public KeyAuthenticator(ApiKeyRepository keys, DiffusionConfig config) {
        this.keys = keys;
        this.ttlNanos = config.auth().cacheTtl().toNanos();
        this.maxEntries = config.auth().cacheSize();
        this.defaults = config.limits();
    }

    /** The key's principal, or empty when the key is malformed, unknown, revoked or of a revoked tenant. */
    public Optional<Principal> authenticate(String key) {
        if (!ApiKeySecret.wellFormed(key)) {
            return Optional.empty();
        }
        String hash = ApiKeySecret.hash(key);
        long now = System.nanoTime();
        Cached cached = cache.get(hash);
        if (cached != null && now - cached.expiresAtNanos() < 0) {
            return cached.principal();
        }
        Optional<Principal> principal = QuarkusTransaction.joiningExisting().call(() -> keys.findLive(hash)
                .map(live -> new Principal(live.key().id, live.tenant().id, live.key().role, limits(live.tenant()))));
        if (cache.size() >= maxEntries) {
            // many distinct keys (most of them wrong ones) must not grow the heap; live keys are re-read
            cache.clear();
        }
        cache.put(hash, new Cached(principal, now + ttlNanos));
        return principal;
    }

    /** The tenant's own limits, the installation's defaults where it has none. */
    Limits limits(TenantEntity tenant) {
        return new Limits(
                tenant.submissionsPerMinute != null ? tenant.submissionsPerMinute : defaults.submissionsPerMinute(),
                tenant.maxOpenJobs != null ? tenant.maxOpenJobs : defaults.maxOpenJobs(),
                tenant.maxTrainingWork != null ? tenant.maxTrainingWork : defaults.maxTrainingWork(),
                tenant.maxImagesPerJob != null ? tenant.maxImagesPerJob : defaults.maxImagesPerJob(),
                tenant.maxEventStreams != null ? tenant.maxEventStreams : defaults.maxEventStreams());
    }

    /** Drops this instance's cached answer for a key hash (after a revocation). */
    void forget(String keyHash) {
        cache.remove(keyHash);
    }

    /** Drops every cached answer (after a tenant was revoked or its limits changed). */
    void forgetAll() {
        cache.clear();
    }
}
