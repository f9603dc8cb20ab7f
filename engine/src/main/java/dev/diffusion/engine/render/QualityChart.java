package dev.diffusion.engine.render;

import static dev.diffusion.engine.render.ChartDrawing.format;
import static dev.diffusion.engine.render.ChartDrawing.labelWidth;
import static dev.diffusion.engine.render.ChartDrawing.text;

import dev.diffusion.engine.render.ChartDrawing.Axis;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A chart of sample quality against cost, so a user can pick the cheapest sampler that is good enough: one
 * panel of conditional accuracy (higher is better, when the points have one) and one of the Fréchet distance
 * (lower is better), each against seconds per image on a logarithmic axis, one labelled dot per sampler.
 *
 * <p>Labels need a font; on a system without any the chart is drawn without text rather than not at all.
 */
public final class QualityChart {

    /** One sampler's scores. */
    public record Point(String label, double secondsPerImage, double accuracy, double frechetDistance) {}

    private static final int PANEL_WIDTH = 520;
    private static final int HEIGHT = 420;
    private static final int MARGIN_LEFT = 64;
    private static final int MARGIN_RIGHT = 24;
    private static final int MARGIN_TOP = 36;
    private static final int MARGIN_BOTTOM = 48;
    private static final Color[] PALETTE = ChartDrawing.PALETTE;

    private QualityChart() {}

    /**
     * Draws the chart.
     *
     * @param points at least one point; seconds per image positive; accuracy NaN when there is none
     * @return an RGB image, one panel per measure
     */
    public static BufferedImage render(List<Point> points) {
        if (points == null || points.isEmpty()) {
            throw new IllegalArgumentException("a quality chart needs at least one point");
        }
        for (Point p : points) {
            if (!(p.secondsPerImage() > 0) || Double.isInfinite(p.secondsPerImage())) {
                throw new IllegalArgumentException("seconds per image must be positive and finite, got "
                        + p.secondsPerImage() + " for " + p.label());
            }
        }
        boolean withAccuracy = points.stream().anyMatch(p -> Double.isFinite(p.accuracy()));
        int panels = withAccuracy ? 2 : 1;
        BufferedImage image = new BufferedImage(PANEL_WIDTH * panels, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            int x = 0;
            if (withAccuracy) {
                panel(g, x, points, p -> 100 * p.accuracy(), "conditional accuracy (%) - higher is better");
                x += PANEL_WIDTH;
            }
            panel(g, x, points, Point::frechetDistance, "Frechet distance - lower is better");
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void panel(Graphics2D g, int left, List<Point> points, ToDoubleFunction<Point> measure,
                              String title) {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (Point p : points) {
            double y = measure.applyAsDouble(p);
            minX = Math.min(minX, Math.log10(p.secondsPerImage()));
            maxX = Math.max(maxX, Math.log10(p.secondsPerImage()));
            if (Double.isFinite(y)) {
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
            }
        }
        if (minY > maxY) {
            minY = 0;
            maxY = 1;
        }
        double padX = Math.max(0.1, (maxX - minX) * 0.08);
        double padY = Math.max(1e-6, (maxY - minY) * 0.1);
        Axis xAxis = new Axis(minX - padX, maxX + padX, left + MARGIN_LEFT, left + PANEL_WIDTH - MARGIN_RIGHT);
        Axis yAxis = new Axis(minY - padY, maxY + padY, HEIGHT - MARGIN_BOTTOM, MARGIN_TOP);

        g.setColor(ChartDrawing.GRID);
        g.setStroke(new BasicStroke(1f));
        for (int i = 0; i <= 4; i++) {
            int y = (int) Math.round(yAxis.pixel(yAxis.min() + (yAxis.max() - yAxis.min()) * i / 4));
            g.drawLine(xAxis.fromPixel(), y, xAxis.toPixel(), y);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(xAxis.fromPixel(), yAxis.toPixel(), xAxis.toPixel() - xAxis.fromPixel(), yAxis.fromPixel() - yAxis.toPixel());

        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            double y = measure.applyAsDouble(p);
            if (!Double.isFinite(y)) {
                continue;
            }
            int px = (int) Math.round(xAxis.pixel(Math.log10(p.secondsPerImage())));
            int py = (int) Math.round(yAxis.pixel(y));
            g.setColor(PALETTE[i % PALETTE.length]);
            g.fillOval(px - 5, py - 5, 10, 10);
            int labelX = px + 7 + labelWidth(g, p.label(), 11) > left + PANEL_WIDTH - 4
                    ? px - 7 - labelWidth(g, p.label(), 11) : px + 7;
            text(g, p.label(), labelX, py - 6, 11);
        }
        g.setColor(Color.BLACK);
        text(g, title, left + MARGIN_LEFT, MARGIN_TOP - 12, 13);
        text(g, "seconds per image (log scale)", left + MARGIN_LEFT, HEIGHT - 10, 12);
        for (int i = 0; i <= 4; i++) {
            double value = yAxis.min() + (yAxis.max() - yAxis.min()) * i / 4;
            text(g, format(value), left + 6, (int) Math.round(yAxis.pixel(value)) + 4, 11);
        }
        for (double decade = Math.ceil(xAxis.min() * 2) / 2; decade <= xAxis.max(); decade += 0.5) {
            int px = (int) Math.round(xAxis.pixel(decade));
            g.drawLine(px, yAxis.fromPixel(), px, yAxis.fromPixel() + 4);
            text(g, format(Math.pow(10, decade)), px - 12, yAxis.fromPixel() + 18, 11);
        }
    }
}
