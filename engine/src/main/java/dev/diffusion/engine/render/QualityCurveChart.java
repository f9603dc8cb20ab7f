package dev.diffusion.engine.render;

import static dev.diffusion.engine.render.ChartDrawing.format;
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
 * A chart of sample quality as training goes on, to read beside the loss curve: one panel of conditional
 * accuracy (higher is better, when the points have one) and one of the Fréchet distance (lower is better), each
 * against the training step on a linear axis from 0, the points joined by a line.
 *
 * <p>Labels need a font; on a system without any the chart is drawn without text rather than not at all.
 */
public final class QualityCurveChart {

    /**
     * The scores of the weights after a step.
     *
     * @param step training steps completed, at least 1
     * @param accuracy conditional accuracy in [0, 1], NaN when there is none (an unconditional model)
     * @param frechetDistance the Fréchet distance to the reference images
     */
    public record Point(long step, double accuracy, double frechetDistance) {}

    private static final int PANEL_WIDTH = 520;
    private static final int HEIGHT = 420;
    private static final int MARGIN_LEFT = 64;
    private static final int MARGIN_RIGHT = 24;
    private static final int MARGIN_TOP = 36;
    private static final int MARGIN_BOTTOM = 48;

    private QualityCurveChart() {}

    /**
     * Draws the chart.
     *
     * @param points at least one point, in increasing step order
     * @return an RGB image, one panel per measure
     */
    public static BufferedImage render(List<Point> points) {
        if (points == null || points.isEmpty()) {
            throw new IllegalArgumentException("a quality curve needs at least one point");
        }
        for (int i = 0; i < points.size(); i++) {
            if (points.get(i).step() < 1 || (i > 0 && points.get(i).step() <= points.get(i - 1).step())) {
                throw new IllegalArgumentException("quality curve steps must be positive and increasing, got "
                        + points.stream().map(Point::step).toList());
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
                panel(g, x, points, p -> 100 * p.accuracy(), ChartDrawing.PALETTE[0],
                        "conditional accuracy (%) - higher is better");
                x += PANEL_WIDTH;
            }
            panel(g, x, points, Point::frechetDistance, ChartDrawing.PALETTE[1], "Frechet distance - lower is better");
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void panel(Graphics2D g, int left, List<Point> points, ToDoubleFunction<Point> measure,
                              Color colour, String title) {
        double maxStep = points.get(points.size() - 1).step();
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (Point p : points) {
            double y = measure.applyAsDouble(p);
            if (Double.isFinite(y)) {
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
            }
        }
        if (minY > maxY) {
            minY = 0;
            maxY = 1;
        }
        double padY = Math.max(1e-6, (maxY - minY) * 0.1);
        Axis xAxis = new Axis(0, maxStep * 1.04, left + MARGIN_LEFT, left + PANEL_WIDTH - MARGIN_RIGHT);
        Axis yAxis = new Axis(minY - padY, maxY + padY, HEIGHT - MARGIN_BOTTOM, MARGIN_TOP);

        g.setColor(ChartDrawing.GRID);
        g.setStroke(new BasicStroke(1f));
        for (int i = 0; i <= 4; i++) {
            int y = (int) Math.round(yAxis.pixel(yAxis.min() + (yAxis.max() - yAxis.min()) * i / 4));
            g.drawLine(xAxis.fromPixel(), y, xAxis.toPixel(), y);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(xAxis.fromPixel(), yAxis.toPixel(), xAxis.toPixel() - xAxis.fromPixel(),
                yAxis.fromPixel() - yAxis.toPixel());

        g.setColor(colour);
        g.setStroke(new BasicStroke(2f));
        int previousX = -1;
        int previousY = -1;
        for (Point p : points) {
            double y = measure.applyAsDouble(p);
            if (!Double.isFinite(y)) {
                previousX = -1;
                continue;
            }
            int px = (int) Math.round(xAxis.pixel(p.step()));
            int py = (int) Math.round(yAxis.pixel(y));
            if (previousX >= 0) {
                g.drawLine(previousX, previousY, px, py);
            }
            g.fillOval(px - 4, py - 4, 8, 8);
            previousX = px;
            previousY = py;
        }
        g.setStroke(new BasicStroke(1f));
        g.setColor(Color.BLACK);
        text(g, title, left + MARGIN_LEFT, MARGIN_TOP - 12, 13);
        text(g, "training step", left + MARGIN_LEFT, HEIGHT - 10, 12);
        for (int i = 0; i <= 4; i++) {
            double value = yAxis.min() + (yAxis.max() - yAxis.min()) * i / 4;
            text(g, format(value), left + 6, (int) Math.round(yAxis.pixel(value)) + 4, 11);
        }
        for (int i = 0; i <= 4; i++) {
            long step = Math.round(maxStep * i / 4);
            int px = (int) Math.round(xAxis.pixel(step));
            g.drawLine(px, yAxis.fromPixel(), px, yAxis.fromPixel() + 4);
            text(g, Long.toString(step), px - 8, yAxis.fromPixel() + 18, 11);
        }
    }
}
