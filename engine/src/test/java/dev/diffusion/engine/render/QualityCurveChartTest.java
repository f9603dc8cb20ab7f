package dev.diffusion.engine.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.List;

import org.junit.jupiter.api.Test;

class QualityCurveChartTest {

    @Test
    void conditionalScoresGetAnAccuracyAndADistancePanel() {
        BufferedImage chart = QualityCurveChart.render(List.of(
                new QualityCurveChart.Point(100, 0.3, 80),
                new QualityCurveChart.Point(200, 0.7, 40),
                new QualityCurveChart.Point(250, 0.8, 35)));
        assertThat(chart.getWidth()).isEqualTo(2 * 520);
        assertThat(chart.getHeight()).isEqualTo(420);
        assertThat(colouredPixels(chart, 0, 520)).as("the accuracy line").isGreaterThan(100);
        assertThat(colouredPixels(chart, 520, 1040)).as("the distance line").isGreaterThan(100);
    }

    @Test
    void withoutAccuracyOnlyTheDistancePanelIsDrawn() {
        BufferedImage chart = QualityCurveChart.render(List.of(
                new QualityCurveChart.Point(5, Double.NaN, 40),
                new QualityCurveChart.Point(10, Double.NaN, 30)));
        assertThat(chart.getWidth()).isEqualTo(520);
        assertThat(colouredPixels(chart, 0, 520)).isGreaterThan(50);
    }

    @Test
    void aSinglePointIsDrawnAndStepsMustIncrease() {
        assertThat(QualityCurveChart.render(List.of(new QualityCurveChart.Point(1, 1.0, 0))).getWidth())
                .isEqualTo(1040);
        assertThatThrownBy(() -> QualityCurveChart.render(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QualityCurveChart.render(List.of(
                new QualityCurveChart.Point(4, 0.5, 1), new QualityCurveChart.Point(4, 0.6, 1))))
                .hasMessageContaining("increasing");
        assertThatThrownBy(() -> QualityCurveChart.render(List.of(new QualityCurveChart.Point(0, 0.5, 1))))
                .hasMessageContaining("positive");
    }

    /** Pixels of the lines' colours (not white, gray or black). */
    private static int colouredPixels(BufferedImage image, int fromX, int toX) {
        int count = 0;
        for (int x = fromX; x < toX; x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int gr = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (Math.max(r, Math.max(gr, b)) - Math.min(r, Math.min(gr, b)) > 60) {
                    count++;
                }
            }
        }
        return count;
    }
}
