package dev.diffusion.engine.train;

import ai.djl.ndarray.types.Shape;

import dev.diffusion.engine.diffusion.NoiseSchedule;
import dev.diffusion.engine.render.ForwardDiffusionStrip;
import dev.diffusion.engine.render.PngGridWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The forward-diffusion picture of a training run, as in "The Annotated Diffusion Model" and
 * "Diffusion models from scratch in PyTorch": a few images of the data set, one row each, clean and
 * then noised to evenly spaced steps of the run's schedule, so a user sees what the network is
 * trained to undo (and how fast the schedule destroys the image).
 */
public final class ForwardDiffusionPicture {

    /** At most this many rows (images). */
    static final int ROWS = 4;
    /** Noise levels per row, from t = 0 to t = T−1. */
    static final int LEVELS = 8;
    private static final int PADDING = 2;
    /** Bound on the images looked at to find distinct classes. */
    private static final int SCAN_LIMIT = 10_000;

    private ForwardDiffusionPicture() {}

    /**
     * Writes the picture.
     *
     * @param data the training images
     * @param schedule the run's noise schedule
     * @param seed seed of the noise
     * @param file the PNG to write
     * @throws IOException when writing fails
     */
    public static void write(TrainingImages data, NoiseSchedule schedule, long seed, Path file) throws IOException {
        int[] rows = pick(data, ROWS);
        int pixels = data.channels() * data.height() * data.width();
        float[] images = new float[rows.length * pixels];
        for (int r = 0; r < rows.length; r++) {
            data.copyImage(rows[r], false, images, r * pixels);
        }
        int[] levels = ForwardDiffusionStrip.evenlySpaced(schedule.timesteps(), Math.min(LEVELS, schedule.timesteps()));
        Shape shape = new Shape(data.channels(), data.height(), data.width());
        PngGridWriter.write(ForwardDiffusionStrip.renderRows(images, shape, schedule, levels, seed, PADDING), file);
    }

    /**
     * Chooses the images: the first of each class in index order (labelled data), then the first
     * images not yet chosen.
     *
     * @param data the training images
     * @param count how many at most
     * @return min(count, size) distinct indices, the first-of-a-class ones first
     */
    static int[] pick(TrainingImages data, int count) {
        int wanted = Math.min(count, data.size());
        Set<Integer> chosen = new LinkedHashSet<>();
        if (data.numClasses() > 1) {
            Set<Integer> classes = new LinkedHashSet<>();
            for (int i = 0; i < Math.min(data.size(), SCAN_LIMIT) && chosen.size() < wanted; i++) {
                if (classes.add(data.label(i))) {
                    chosen.add(i);
                }
            }
        }
        for (int i = 0; chosen.size() < wanted; i++) {
            chosen.add(i);
        }
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }
}
