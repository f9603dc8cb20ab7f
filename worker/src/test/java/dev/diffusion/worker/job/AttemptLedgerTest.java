package dev.diffusion.worker.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffusion.common.messaging.JobDispatch;
import dev.diffusion.worker.testing.TestJobs;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AttemptLedgerTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private final AttemptLedger ledger = new AttemptLedger(Duration.ofHours(1));
    private final UUID job = UUID.randomUUID();

    @Test
    void aFreshDispatchMayRun() {
        assertThat(ledger.skipReason(dispatch(1), NOW)).isEmpty();
    }

    @Test
    void anAttemptOlderThanOneSeenIsStale() {
        ledger.noteAttempt(job, 3);

        assertThat(ledger.skipReason(dispatch(2), NOW)).hasValueSatisfying(r -> assertThat(r).contains("attempt 3"));
        assertThat(ledger.skipReason(dispatch(3), NOW)).isEmpty();
    }

    @Test
    void aCancelCoversItsAttemptAndEarlierOnesForTheCancelMemory() {
        ledger.noteCancel(job, 2, NOW);

        assertThat(ledger.skipReason(dispatch(1), NOW)).isPresent();
        assertThat(ledger.skipReason(dispatch(2), NOW.plus(Duration.ofMinutes(59)))).isPresent();
        assertThat(ledger.skipReason(dispatch(3), NOW)).isEmpty();
        assertThat(ledger.skipReason(dispatch(2), NOW.plus(Duration.ofMinutes(61)))).isEmpty();
    }

    @Test
    void anAttemptThatEndedHereIsNotRunAgain() {
        ledger.noteFinished(job, 1);

        assertThat(ledger.skipReason(dispatch(1), NOW)).hasValueSatisfying(r -> assertThat(r).contains("already ended"));
        assertThat(ledger.skipReason(dispatch(2), NOW)).isEmpty();
    }

    @Test
    void runsOfTheSameAttemptAreCounted() {
        assertThat(ledger.noteRun(job, 1)).isEqualTo(1);
        assertThat(ledger.noteRun(job, 1)).isEqualTo(2);
        assertThat(ledger.noteRun(job, 2)).isEqualTo(1);
    }

    private JobDispatch dispatch(int attempt) {
        return TestJobs.training(job, attempt, TestJobs.tinyShapes(2, 1, 0), null);
    }
}
