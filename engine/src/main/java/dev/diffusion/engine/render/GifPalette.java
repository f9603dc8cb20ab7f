package dev.diffusion.engine.render;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;

/**
 * Converts images to the 8-bit indexed form GIF needs. Gray images get a 256-level gray palette,
 * so they map exactly. Colour images get a fixed palette of the 6×6×6 colour cube plus 40 extra
 * grays; each pixel takes the nearer of its nearest cube colour and its nearest gray (no
 * dithering, deterministic, the same palette for every frame).
 */
final class GifPalette {

    private static final int CUBE_LEVELS = 6;
    private static final int CUBE_STEP = 51;
    private static final int EXTRA_GRAYS = 40;
    private static final IndexColorModel GRAY = grayModel();
    private static final IndexColorModel COLOUR = colourModel();

    private GifPalette() {}

    static BufferedImage toIndexed(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        boolean gray = image.getType() == BufferedImage.TYPE_BYTE_GRAY;
        BufferedImage indexed = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, gray ? GRAY : COLOUR);
        WritableRaster target = indexed.getRaster();
        if (gray) {
            int[] row = new int[width];
            for (int y = 0; y < height; y++) {
                image.getRaster().getSamples(0, y, width, 1, 0, row);
                target.setSamples(0, y, width, 1, 0, row);
            }
            return indexed;
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                target.setSample(x, y, 0, nearestColourIndex(image.getRGB(x, y)));
            }
        }
        return indexed;
    }

    static int nearestColourIndex(int rgb) {
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        int cr = Math.round(r / (float) CUBE_STEP);
        int cg = Math.round(g / (float) CUBE_STEP);
        int cb = Math.round(b / (float) CUBE_STEP);
        int cubeIndex = (cr * CUBE_LEVELS + cg) * CUBE_LEVELS + cb;
        int cubeDistance = distance(r, g, b, cr * CUBE_STEP, cg * CUBE_STEP, cb * CUBE_STEP);
        int grayStep = Math.max(1, Math.min(EXTRA_GRAYS, Math.round((r + g + b) / 3f / 255f * (EXTRA_GRAYS + 1))));
        int level = extraGray(grayStep);
        int grayDistance = distance(r, g, b, level, level, level);
        return grayDistance < cubeDistance ? CUBE_LEVELS * CUBE_LEVELS * CUBE_LEVELS + grayStep - 1 : cubeIndex;
    }

    private static int extraGray(int step) {
        return Math.round(step * 255f / (EXTRA_GRAYS + 1));
    }

    private static int distance(int r, int g, int b, int r2, int g2, int b2) {
        return (r - r2) * (r - r2) + (g - g2) * (g - g2) + (b - b2) * (b - b2);
    }

    private static IndexColorModel grayModel() {
        byte[] levels = new byte[256];
        for (int i = 0; i < 256; i++) {
            levels[i] = (byte) i;
        }
        return new IndexColorModel(8, 256, levels, levels, levels);
    }

    private static IndexColorModel colourModel() {
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        int index = 0;
        for (int i = 0; i < CUBE_LEVELS; i++) {
            for (int j = 0; j < CUBE_LEVELS; j++) {
                for (int k = 0; k < CUBE_LEVELS; k++) {
                    r[index] = (byte) (i * CUBE_STEP);
                    g[index] = (byte) (j * CUBE_STEP);
                    b[index] = (byte) (k * CUBE_STEP);
                    index++;
                }
            }
        }
        for (int step = 1; step <= EXTRA_GRAYS; step++) {
            byte level = (byte) extraGray(step);
            r[index] = level;
            g[index] = level;
            b[index] = level;
            index++;
        }
        return new IndexColorModel(8, 256, r, g, b);
    }
}
