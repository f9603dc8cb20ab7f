package dev.diffusion.worker.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.diffusion.common.spec.SamplerSettings;
import dev.diffusion.common.spec.SamplerType;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class QualityCurveTest {

    private static final SamplerSettings SAMPLER = TrainingEvaluation.sampler(50);
    private static final QualityCurve EMPTY = new QualityCurve("shapes", 2, SAMPLER, SAMPLER.label(), 40, 100, 7,
            0.98, List.of());

    @Test
    void theSamplerIsDdimWithTwentyFiveStepsOrFewerAndNoGuidance() {
        assertThat(TrainingEvaluation.sampler(500)).isEqualTo(new SamplerSettings(
                SamplerType.DDIM, 25, 0.0, 1.0, false));
        assertThat(TrainingEvaluation.sampler(10).steps()).isEqualTo(10);
        assertThat(SAMPLER.label()).isEqualTo("ddim-25 s=1.0");
    }

    @Test
    void pointsGrowByStepAndTheLatestGivesTheMetrics() {
        assertThat(EMPTY.metrics()).isEmpty();
        assertThat(EMPTY.chart()).isNull();
        QualityCurve curve = EMPTY.with(new QualityCurve.Point(2, 0.25, 90.0, 0.4))
                .with(new QualityCurve.Point(4, 0.5, 60.0, 0.4));

        assertThat(curve.metrics()).containsExactly(
                entry("accuracy", 0.5), entry("frechetDistance", 60.0),
                entry("evaluationStep", 4.0), entry("evaluatorAccuracy", 0.98));
        assertThat(curve.chart().getWidth()).isEqualTo(1040);
        assertThatThrownBy(() -> curve.with(new QualityCurve.Point(4, 0.5, 1.0, 0.1)))
                .hasMessageContaining("step 4 after one at step 4");
    }

    @Test
    void anUnconditionalCurveHasNoAccuracy() {
        QualityCurve curve = EMPTY.with(new QualityCurve.Point(2, null, 90.0, 0.4));
        assertThat(curve.metrics()).doesNotContainKey("accuracy").containsEntry("frechetDistance", 90.0);
        assertThat(curve.chart().getWidth()).as("the distance panel only").isEqualTo(520);
    }

    @Test
    void theJsonReadsBackAndAResumeKeepsThePointsUpToItsStep() throws Exception {
        QualityCurve written = EMPTY.with(new QualityCurve.Point(2, 0.25, 90.0, 0.4))
                .with(new QualityCurve.Point(4, 0.5, 60.0, 0.4))
                .with(new QualityCurve.Point(5, null, 55.0, 0.3));

        QualityCurve read = QualityCurve.read(written.json());
        assertThat(read).isEqualTo(written);
        assertThat(new String(written.json(), StandardCharsets.UTF_8))
                .contains("\"samplerLabel\" : \"ddim-25 s=1.0\"", "\"step\" : 4");

        QualityCurve resumed = EMPTY.continuing(read, 4);
        assertThat(resumed.points()).extracting(QualityCurve.Point::step).containsExactly(2L, 4L);
        assertThat(resumed.evaluateEvery()).isEqualTo(2);
    }
}
