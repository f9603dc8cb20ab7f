package dev.diffusion.common.messaging;

import static dev.diffusion.common.messaging.JobStatus.CANCELLED;
import static dev.diffusion.common.messaging.JobStatus.FAILED;
import static dev.diffusion.common.messaging.JobStatus.QUEUED;
import static dev.diffusion.common.messaging.JobStatus.RUNNING;
import static dev.diffusion.common.messaging.JobStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JobStatusTransitionsTest {

    private static final Set<List<JobStatus>> LEGAL = Set.of(
            List.of(QUEUED, RUNNING), List.of(QUEUED, CANCELLED), List.of(QUEUED, FAILED),
            List.of(RUNNING, SUCCEEDED), List.of(RUNNING, FAILED), List.of(RUNNING, CANCELLED),
            List.of(RUNNING, QUEUED));

    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (JobStatus from : JobStatus.values()) {
            for (JobStatus to : JobStatus.values()) {
                pairs.add(Arguments.of(from, to, LEGAL.contains(List.of(from, to))));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1} allowed: {2}")
    @MethodSource("everyPair")
    void every_from_to_pair_is_allowed_exactly_when_listed(JobStatus from, JobStatus to, boolean legal) {
        assertThat(JobStatusTransitions.isAllowed(from, to)).isEqualTo(legal);
        assertThat(JobStatusTransitions.allowedFrom(from).contains(to)).isEqualTo(legal);
        if (legal) {
            JobStatusTransitions.requireAllowed(from, to);
        } else {
            assertThatThrownBy(() -> JobStatusTransitions.requireAllowed(from, to))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(from.name()).hasMessageContaining(to.name());
        }
    }

    @Test
    void terminal_states_have_no_way_out_and_the_others_do() {
        for (JobStatus s : JobStatus.values()) {
            assertThat(JobStatusTransitions.allowedFrom(s).isEmpty()).as(s.name()).isEqualTo(s.isTerminal());
        }
        assertThat(Stream.of(JobStatus.values()).filter(JobStatus::isTerminal)).containsExactly(SUCCEEDED, FAILED, CANCELLED);
    }

    @Test
    void null_states_are_never_allowed() {
        assertThat(JobStatusTransitions.isAllowed(null, RUNNING)).isFalse();
        assertThat(JobStatusTransitions.isAllowed(QUEUED, null)).isFalse();
    }

    @Test
    void the_table_cannot_be_changed_from_outside() {
        assertThatThrownBy(() -> JobStatusTransitions.allowedFrom(SUCCEEDED).add(QUEUED))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
