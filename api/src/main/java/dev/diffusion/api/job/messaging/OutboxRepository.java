package dev.diffusion.api.job.messaging;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Queries of the outbox table. */
@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEntity, Long> {

    /**
     * Locks up to {@code limit} due rows, oldest first, skipping rows another relay instance holds.
     */
    @SuppressWarnings("unchecked")
    public List<OutboxEntity> lockDue(Instant now, int limit) {
        return getEntityManager().createNativeQuery("""
                        select * from outbox
                        where status = 'PENDING' and available_at <= :now
                        order by id
                        limit :limit
                        for update skip locked""", OutboxEntity.class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList();
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
