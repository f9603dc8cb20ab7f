package dev.diffusion.worker.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;

import dev.diffusion.common.json.JsonMapper;
import dev.diffusion.common.spec.SamplerSettings;
import dev.diffusion.common.spec.SamplerType;

import java.util.List;

import org.junit.jupiter.api.Test;

class EvaluationReportTest {

    private static EvaluationReport.Row row(SamplerType type, int steps, double perSecond, Double accuracy, double fd) {
        SamplerSettings s = new SamplerSettings(type, steps, 0.0, 1.0);
        return new EvaluationReport.Row(s, s.label(), 40, 40 / perSecond, perSecond, accuracy,
                accuracy == null ? null : List.of(accuracy, accuracy), fd);
    }

    private static final EvaluationReport REPORT = new EvaluationReport("m-1", "shapes", 0.99, 200, 5L, List.of(
            row(SamplerType.DDPM, 50, 2.0, 0.75, 12.5),
            row(SamplerType.DDIM, 10, 40.0, 0.5, 30.0)));

    @Test
    void metricsAreTheFirstSamplersScores() {
        assertThat(REPORT.metrics()).containsExactly(
                java.util.Map.entry("accuracy", 0.75), java.util.Map.entry("frechetDistance", 12.5),
                java.util.Map.entry("imagesPerSecond", 2.0), java.util.Map.entry("evaluatorAccuracy", 0.99),
                java.util.Map.entry("samplers", 2.0));
        EvaluationReport unconditional = new EvaluationReport("m", "shapes", 0.9, 100, 1L,
                List.of(row(SamplerType.DDIM, 10, 4.0, null, 9.0)));
        assertThat(unconditional.metrics()).doesNotContainKey("accuracy");
    }

    @Test
    void markdownListsTheCheapestSamplerFirst() {
        String md = REPORT.markdown();
        assertThat(md).contains("| sampler | images | s/image |");
        assertThat(md.indexOf("ddim-10")).isLessThan(md.indexOf("ddpm-50"));
        assertThat(md).contains("| ddpm-50 s=1.0 | 40 | 0.5000 | 2.00 | 75.0 % | 12.50 |");
        assertThat(md).contains("evaluator accuracy on held-out real images 99.0 %");
    }

    @Test
    void jsonCarriesEveryRowAndTheChartHasBothPanels() throws Exception {
        JsonNode json = JsonMapper.shared().readTree(REPORT.json());
        assertThat(json.get("rows")).hasSize(2);
        assertThat(json.at("/rows/0/sampler/sampler").asText()).isEqualTo("ddpm");
        assertThat(json.at("/rows/1/accuracyPerClass")).hasSize(2);
        assertThat(REPORT.chart().getWidth()).isGreaterThan(REPORT.chart().getHeight());
        assertThatThrownBy(() -> new EvaluationReport("m", "d", 1, 1, 1L, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
