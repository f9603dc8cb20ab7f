package dev.diffusion.engine.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.List;

import org.junit.jupiter.api.Test;

class QualityChartTest {

    private static final List<QualityChart.Point> POINTS = List.of(
            new QualityChart.Point("ddpm-500 s=1.0", 2.0, 0.9, 20),
            new QualityChart.Point("ddim-10 s=1.0", 0.05, 0.6, 80),
            new QualityChart.Point("ddim-50 s=2.0", 0.2, 0.95, 35));

    @Test
    void conditionalScoresGetAnAccuracyAndADistancePanel() {
        BufferedImage chart = QualityChart.render(POINTS);
        assertThat(chart.getWidth()).isEqualTo(2 * 520);
        assertThat(chart.getHeight()).isEqualTo(420);
        assertThat(colouredPixels(chart, 0, 520)).isGreaterThan(50);
        assertThat(colouredPixels(chart, 520, 1040)).isGreaterThan(50);
    }

    @Test
    void withoutAccuracyOnlyTheDistancePanelIsDrawn() {
        BufferedImage chart = QualityChart.render(List.of(
                new QualityChart.Point("ddim-25 s=1.0", 0.1, Double.NaN, 40),
                new QualityChart.Point("ddpm-300 s=1.0", 1.0, Double.NaN, 30)));
        assertThat(chart.getWidth()).isEqualTo(520);
        assertThat(colouredPixels(chart, 0, 520)).isGreaterThan(50);
    }

    @Test
    void aSinglePointAndBadTimesAreHandled() {
        assertThat(QualityChart.render(List.of(new QualityChart.Point("only", 0.5, 1.0, 0))).getWidth())
                .isEqualTo(1040);
        assertThatThrownBy(() -> QualityChart.render(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QualityChart.render(List.of(new QualityChart.Point("x", 0, 1, 1))))
                .hasMessageContaining("seconds per image");
    }

    /** Pixels of the dots' colours (not white, gray or black). */
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
