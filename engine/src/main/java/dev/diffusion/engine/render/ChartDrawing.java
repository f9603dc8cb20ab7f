package dev.diffusion.engine.render;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.util.Locale;

/**
 * What the quality charts share: their colours, text that survives a system without fonts, number labels, and
 * a linear map from data values to pixels.
 */
final class ChartDrawing {

    /** Colours of successive series or dots. */
    static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
        new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};
    /** Grid lines. */
    static final Color GRID = new Color(0xdddddd);

    private ChartDrawing() {}

    /** Draws text, or nothing on a headless system without fonts (the chart keeps its dots and axes). */
    static void text(Graphics2D g, String text, int x, int y, int size) {
        try {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
            g.drawString(text, x, y);
        } catch (RuntimeException | Error noFonts) {
            // a headless system without fonts: the chart keeps its dots and axes
        }
    }

    /** The width of text in pixels, 0 without fonts. */
    static int labelWidth(Graphics2D g, String text, int size) {
        try {
            return g.getFontMetrics(new Font(Font.SANS_SERIF, Font.PLAIN, size)).stringWidth(text);
        } catch (RuntimeException | Error noFonts) {
            return 0;
        }
    }

    /** A short axis label: no decimals from 100, one from 1, three significant digits below. */
    static String format(double value) {
        double magnitude = Math.abs(value);
        return String.format(Locale.ROOT, magnitude >= 100 ? "%.0f" : magnitude >= 1 ? "%.1f" : "%.3g", value);
    }

    /** A linear map from data values in [min, max] to pixels from {@code fromPixel} to {@code toPixel}. */
    record Axis(double min, double max, int fromPixel, int toPixel) {
        double pixel(double value) {
            return fromPixel + (value - min) / (max - min) * (toPixel - fromPixel);
        }
    }
}
