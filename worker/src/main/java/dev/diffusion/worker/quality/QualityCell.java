package dev.diffusion.worker.quality;

import java.util.Locale;

/**
 * One training and evaluation of the study.
 *
 * @param dataset the data set
 * @param width ContextUnet's n_feat
 * @param seed the training seed
 * @param recipe how it trains and samples
 * @param steps optimizer steps
 * @param budget {@code steps} (every recipe the same steps) or {@code time} (the course recipe's training time)
 */
public record QualityCell(String dataset, int width, long seed, QualityRecipe recipe, int steps, String budget) {

    /** @return a file-name-safe id, e.g. {@code mnist-w32-s0-course-1000} */
    public String id() {
        return String.format(Locale.ROOT, "%s-w%d-s%d-%s-%d", dataset, width, seed, recipe.name(), steps);
    }
}
