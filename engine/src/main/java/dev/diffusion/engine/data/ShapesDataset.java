package dev.diffusion.engine.data;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic labelled data set generated in code, for tests and instant demos: white shapes on
 * black, one class per shape, with random centre and size, deterministic from a seed.
 *
 * <p>Image i has class i mod 4, so classes are balanced (exactly, when the count is a multiple of
 * 4). Each shape's half-size r is uniform in [0.2, 0.4]·size and its centre is uniform where the
 * shape stays inside the image. Edges are anti-aliased by 4×4 supersampling, so levels are
 * coverage·255.
 */
public final class ShapesDataset {

    /** The classes, index = label. */
    public static final List<String> CLASS_NAMES = List.of("square", "circle", "triangle", "cross");

    private static final int SUPERSAMPLING = 4;

    private ShapesDataset() {}

    /**
     * Generates the data set.
     *
     * @param count number of images, positive
     * @param imageSize side of the square gray images, at least 8
     * @param seed the seed
     * @return the data set
     */
    public static LabeledImageDataset generate(int count, int imageSize, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive, got " + count);
        }
        if (imageSize < 8) {
            throw new IllegalArgumentException("image size must be at least 8, got " + imageSize);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int plane = imageSize * imageSize;
        byte[] pixels = new byte[Math.multiplyExact(count, plane)];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % CLASS_NAMES.size();
            double radius = imageSize * (0.2 + 0.2 * random.nextDouble());
            double centreX = radius + random.nextDouble() * (imageSize - 2 * radius);
            double centreY = radius + random.nextDouble() * (imageSize - 2 * radius);
            draw(labels[i], centreX, centreY, radius, imageSize, pixels, i * plane);
        }
        return LabeledImageDataset.of(pixels, labels, 1, imageSize, imageSize, CLASS_NAMES);
    }

    private static void draw(int shape, double cx, double cy, double r, int size, byte[] target, int offset) {
        int samples = SUPERSAMPLING * SUPERSAMPLING;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int inside = 0;
                for (int sy = 0; sy < SUPERSAMPLING; sy++) {
                    for (int sx = 0; sx < SUPERSAMPLING; sx++) {
                        double dx = x + (sx + 0.5) / SUPERSAMPLING - cx;
                        double dy = y + (sy + 0.5) / SUPERSAMPLING - cy;
                        if (contains(shape, dx, dy, r)) {
                            inside++;
                        }
                    }
                }
                target[offset + y * size + x] = (byte) Math.round(255.0 * inside / samples);
            }
        }
    }

    /** Whether the point (dx, dy) relative to the centre lies in the shape of half-size r. */
    static boolean contains(int shape, double dx, double dy, double r) {
        double ax = Math.abs(dx);
        double ay = Math.abs(dy);
        switch (shape) {
            case 0:
                return ax <= r && ay <= r;
            case 1:
                return dx * dx + dy * dy <= r * r;
            case 2:
                // apex at (0, -r), base from (-r, r) to (r, r)
                return dy >= -r && dy <= r && ax <= (dy + r) / 2;
            case 3:
                double arm = r / 3;
                return (ax <= arm && ay <= r) || (ay <= arm && ax <= r);
            default:
                throw new IllegalArgumentException("unknown shape " + shape);
        }
    }
}
