package dev.diffusion.api.tenant.service;

import dev.diffusion.api.problem.TooManyRequestsException;
import dev.diffusion.api.tenant.auth.Principal;
import dev.diffusion.api.tenant.persistence.TenantRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A tenant's open event streams, held as leased rows in PostgreSQL so that its maximum holds across api instances:
 * a stream takes a slot before it starts, renews the lease while it runs and gives it back when it ends; the slot
 * of an instance that died frees itself when its lease runs out.
 */
@ApplicationScoped
public class EventStreamSlots {

    /** How long a slot lives without renewal; streams renew it every third of this. */
    public static final Duration LEASE = Duration.ofSeconds(30);

    private static final Logger LOG = Logger.getLogger(EventStreamSlots.class);
    private static final String LEASE_SQL = "now() + interval '" + LEASE.toSeconds() + " seconds'";

    private final TenantRepository tenants;

    @Inject
    public EventStreamSlots(TenantRepository tenants) {
        this.tenants = tenants;
    }

    /**
     * Takes a slot for a stream of {@code jobId}; empty when the tenant's streams are unlimited.
     *
     * @throws TooManyRequestsException (429 {@code quota-exceeded}) when the tenant's streams are all open
     */
    public Optional<UUID> acquire(Principal caller, UUID jobId) {
        int max = caller.limits().maxEventStreams();
        if (max <= 0) {
            return Optional.empty();
        }
        UUID slot = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            EntityManager db = tenants.getEntityManager();
            // concurrent opens of one tenant, on any instance, take turns between the count and the insert
            db.createNativeQuery("select 1 from (select pg_advisory_xact_lock(hashtextextended(:key, 0))) l")
                    .setParameter("key", "event-streams/" + caller.tenantId()).getSingleResult();
            db.createNativeQuery("delete from event_streams where tenant_id = :tenant and expires_at < now()")
                    .setParameter("tenant", caller.tenantId()).executeUpdate();
            long open = ((Number) db.createNativeQuery("select count(*) from event_streams where tenant_id = :tenant")
                    .setParameter("tenant", caller.tenantId()).getSingleResult()).longValue();
            if (open >= max) {
                throw TooManyRequestsException.quotaExceeded("the tenant has " + open + " open event streams, its "
                        + "maximum is " + max + "; close one or poll GET /jobs/{id}");
            }
            db.createNativeQuery("insert into event_streams (id, tenant_id, job_id, expires_at) values "
                            + "(:id, :tenant, :job, " + LEASE_SQL + ")")
                    .setParameter("id", slot).setParameter("tenant", caller.tenantId()).setParameter("job", jobId)
                    .executeUpdate();
        });
        return Optional.of(slot);
    }

    /** Extends the slot's lease (a running stream, every third of {@link #LEASE}). */
    public void renew(UUID slot) {
        run(slot, "update event_streams set expires_at = " + LEASE_SQL + " where id = :id");
    }

    /** Gives the slot back (the stream ended). */
    public void release(UUID slot) {
        run(slot, "delete from event_streams where id = :id");
    }

    private void run(UUID slot, String sql) {
        try {
            QuarkusTransaction.requiringNew().run(() -> tenants.getEntityManager().createNativeQuery(sql)
                    .setParameter("id", slot).executeUpdate());
        } catch (RuntimeException e) {
            // the lease ends it anyway
            LOG.debugf("event stream slot %s: %s", slot, e.getMessage());
        }
    }
}
