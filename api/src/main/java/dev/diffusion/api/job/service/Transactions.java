package dev.diffusion.api.job.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.OptimisticLockException;
import java.util.function.Supplier;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;

/** Runs work in a new transaction and retries it when a concurrent writer changed the same job row. */
public final class Transactions {

    private static final Logger LOG = Logger.getLogger(Transactions.class);
    private static final int ATTEMPTS = 5;

    private Transactions() {
    }

    /** {@code work} in its own transaction, retried up to 5 times on an optimistic-lock conflict. */
    public static <T> T inNewTransaction(Supplier<T> work) {
        for (int i = 1; ; i++) {
            try {
                return QuarkusTransaction.requiringNew().call(work::get);
            } catch (RuntimeException e) {
                if (!isConflict(e) || i == ATTEMPTS) {
                    throw e;
                }
                LOG.debugf("optimistic-lock conflict (try %d of %d), retrying: %s", i, ATTEMPTS, e.getMessage());
            }
        }
    }

    /** Whether {@code e} (or a cause) says another transaction changed the row first. */
    public static boolean isConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof StaleStateException) {
                return true;
            }
        }
        return false;
    }
}
