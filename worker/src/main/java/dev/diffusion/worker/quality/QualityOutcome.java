package dev.diffusion.worker.quality;

/**
 * What one cell measured.
 *
 * @param id the cell's id ({@link QualityCell#id()})
 * @param dataset the data set
 * @param width n_feat
 * @param seed the training seed
 * @param recipe the recipe's name
 * @param steps optimizer steps
 * @param budget {@code steps} or {@code time}
 * @param trainSeconds wall time of the training
 * @param finalLoss the last step's loss
 * @param accuracy share of samples the evaluator classifies as the requested class
 * @param frechetDistance Fréchet distance to held-out real images in the evaluator's feature space
 * @param samplingSeconds wall time of sampling the evaluation images
 * @param evaluatorAccuracy the evaluator's held-out accuracy
 * @param grid the file name of the samples' grid
 */
public record QualityOutcome(String id, String dataset, int width, long seed, String recipe, int steps, String budget,
                             double trainSeconds, double finalLoss, double accuracy, double frechetDistance,
                             double samplingSeconds, double evaluatorAccuracy, String grid) {

    /** @return training seconds per optimizer step */
    public double secondsPerStep() {
        return trainSeconds / steps;
    }
}
