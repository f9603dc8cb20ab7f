package dev.diffusion.api.job.messaging;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Queries of the outbox table. */
@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEntity, Long> {

    /**
     * Due rows a relay round may publish, oldest first, except that a tenant's job dispatches are held back
     * while {@code maxInFlightPerTenant} of its jobs hold one (0: none held). A job holds its dispatch from
     * publication until it ends or goes back to QUEUED with a new pending dispatch, so the count is read
     * from the jobs and outbox tables as they are: nothing to leak when an instance dies. Rows without a
     * tenant (control commands, dead letters) come first; dispatches follow in turns, the oldest of every
     * tenant with room, then the second oldest, and so on.
     */
    private static final String FAIR_DUE = """
            with in_flight as (
                select j.tenant_id, count(*) as jobs
                from jobs j
                where j.status in ('QUEUED', 'RUNNING')
                  and not exists (select 1 from outbox p
                                  where p.status = 'PENDING' and p.tenant_id is not null and p.message_key = j.id::text)
                group by j.tenant_id
            ), due as (
                select o.id, o.tenant_id, row_number() over (partition by o.tenant_id order by o.id) as turn
                from outbox o
                where o.status = 'PENDING' and o.available_at <= :now
            )
            select d.id, d.tenant_id, d.turn,
                   d.tenant_id is not null and :cap > 0 and d.turn > :cap - coalesce(f.jobs, 0) as held
            from due d left join in_flight f on f.tenant_id = d.tenant_id
            """;

    /**
     * Locks up to {@code limit} due rows in {@link #FAIR_DUE} order. Relay rounds of all api instances take
     * turns (a transaction-scoped advisory lock), so that each round counts the dispatches the previous one
     * committed and two instances cannot both fill a tenant's last slot.
     */
    @SuppressWarnings("unchecked")
    public List<OutboxEntity> lockDue(Instant now, int limit, int maxInFlightPerTenant) {
        EntityManager db = getEntityManager();
        db.createNativeQuery("select 1 from (select pg_advisory_xact_lock(hashtextextended('outbox-relay', 0))) l")
                .getSingleResult();
        List<Long> ids = ((List<Number>) db.createNativeQuery("select id from (" + FAIR_DUE + """
                        ) candidates where not held
                        order by case when tenant_id is null then 0 else turn end, id
                        limit :limit""")
                .setParameter("now", now)
                .setParameter("cap", maxInFlightPerTenant)
                .setParameter("limit", limit)
                .getResultList()).stream().map(Number::longValue).toList();
        if (ids.isEmpty()) {
            return List.of();
        }
        List<OutboxEntity> locked = db.createNativeQuery("""
                        select * from outbox where id in (:ids) and status = 'PENDING'
                        for update skip locked""", OutboxEntity.class)
                .setParameter("ids", ids)
                .getResultList();
        Map<Long, Integer> order = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            order.put(ids.get(i), i);
        }
        return locked.stream().sorted(Comparator.comparing(row -> order.get(row.id))).toList();
    }

    /** Due job dispatches held back because their tenant has {@code maxInFlightPerTenant} jobs in flight. */
    public long countHeld(Instant now, int maxInFlightPerTenant) {
        return ((Number) getEntityManager().createNativeQuery("select count(*) from (" + FAIR_DUE + ") c where held")
                .setParameter("now", now)
                .setParameter("cap", maxInFlightPerTenant)
                .getSingleResult()).longValue();
    }

    /** Withdraws the pending rows of a topic for a key; returns how many. */
    public int discardPending(String topic, String key, String reason) {
        return update("status = ?1, lastError = ?2 where topic = ?3 and messageKey = ?4 and status = ?5",
                OutboxEntity.Status.DISCARDED, reason, topic, key, OutboxEntity.Status.PENDING);
    }

    /** Whether a row of the topic for the key was already published. */
    public boolean anySent(String topic, String key) {
        return count("topic = ?1 and messageKey = ?2 and status = ?3", topic, key, OutboxEntity.Status.SENT) > 0;
    }

    public long countPending() {
        return count("status", OutboxEntity.Status.PENDING);
    }

    public Optional<Instant> oldestPendingCreatedAt() {
        return find("status = ?1 order by id", OutboxEntity.Status.PENDING).firstResultOptional()
                .map(row -> row.createdAt);
    }
}
