package dev.diffusion.api.tenant.service;

import dev.diffusion.api.problem.TooManyRequestsException;
import dev.diffusion.api.tenant.auth.Principal;
import dev.diffusion.api.tenant.persistence.TenantRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The per-tenant submission rate: a token bucket of one minute's worth of submissions, refilled continuously,
 * kept in the tenant's row and updated with one conditional UPDATE in its own short transaction. All api
 * instances share it, the database's clock is the only clock, and the row is locked only for that statement.
 */
@ApplicationScoped
public class SubmissionRate {

    private static final String AVAILABLE = "least(:capacity, coalesce(bucket_tokens, :capacity)"
            + " + extract(epoch from now() - coalesce(bucket_refilled_at, now())) * :perSecond)";

    private final TenantRepository tenants;

    @Inject
    public SubmissionRate(TenantRepository tenants) {
        this.tenants = tenants;
    }

    /**
     * Takes a token for one submission of the caller's tenant (nothing when its rate is unlimited).
     *
     * @throws TooManyRequestsException (429 {@code rate-limited}, {@code Retry-After}) when the bucket is empty
     */
    public void take(Principal caller) {
        if (!caller.limits().rateLimited()) {
            return;
        }
        double capacity = caller.limits().submissionsPerMinute();
        double perSecond = capacity / 60.0;
        Double missing = QuarkusTransaction.requiringNew().call(() -> {
            int taken = tenants.getEntityManager().createNativeQuery("update tenants set bucket_tokens = " + AVAILABLE
                            + " - 1, bucket_refilled_at = now() where id = :tenant and " + AVAILABLE + " >= 1")
                    .setParameter("capacity", capacity).setParameter("perSecond", perSecond)
                    .setParameter("tenant", caller.tenantId()).executeUpdate();
            if (taken == 1) {
                return null;
            }
            Number available = (Number) tenants.getEntityManager()
                    .createNativeQuery("select " + AVAILABLE + " from tenants where id = :tenant")
                    .setParameter("capacity", capacity).setParameter("perSecond", perSecond)
                    .setParameter("tenant", caller.tenantId()).getSingleResult();
            return 1.0 - available.doubleValue();
        });
        if (missing != null) {
            long retryAfter = Math.max(1, (long) Math.ceil(missing / perSecond));
            throw TooManyRequestsException.rateLimited("more than " + caller.limits().submissionsPerMinute()
                    + " submissions per minute; the next one is allowed in " + retryAfter + " s", retryAfter);
        }
    }
}
