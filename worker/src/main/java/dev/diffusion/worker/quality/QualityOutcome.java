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
 * @param provenance what the outcome depends on besides its id; null only in a hand-made or damaged ledger file, which is then trained again
 */
public record QualityOutcome(String id, String dataset, int width, long seed, String recipe, int steps, String budget,
                             double trainSeconds, double finalLoss, double accuracy, double frechetDistance,
                             double samplingSeconds, double evaluatorAccuracy, String grid,
                             CellProvenance provenance) {

    /** @return training seconds per optimizer step */
    public double secondsPerStep() {
        return trainSeconds / steps;
    }

    /**
     * The same measurement under another budget label (a recipe whose equal-time steps equal its equal-step ones).
     *
     * @param label {@code steps} or {@code time}
     * @return the relabelled outcome
     */
    public QualityOutcome withBudget(String label) {
        return new QualityOutcome(id, dataset, width, seed, recipe, steps, label, trainSeconds, finalLoss, accuracy,
                frechetDistance, samplingSeconds, evaluatorAccuracy, grid, provenance);
    }

    /**
     * The same measurement as another cell's outcome: a cell whose recipe has the same training spec and judging.
     *
     * @param cell the cell it is recorded for
     * @return the outcome under the cell's id, recipe and budget; grid and provenance stay
     */
    public QualityOutcome asOutcomeOf(QualityCell cell) {
        return new QualityOutcome(cell.id(), cell.dataset(), cell.width(), cell.seed(), cell.recipe().name(),
                cell.steps(), cell.budget(), trainSeconds, finalLoss, accuracy, frechetDistance, samplingSeconds,
                evaluatorAccuracy, grid, provenance);
    }

    /**
     * @param gridName the file name of the grid
     * @return the outcome naming that grid
     */
    public QualityOutcome withGrid(String gridName) {
        return new QualityOutcome(id, dataset, width, seed, recipe, steps, budget, trainSeconds, finalLoss, accuracy,
                frechetDistance, samplingSeconds, evaluatorAccuracy, gridName, provenance);
    }

    /**
     * @param recorded the provenance to record
     * @return the outcome with that provenance
     */
    public QualityOutcome withProvenance(CellProvenance recorded) {
        return new QualityOutcome(id, dataset, width, seed, recipe, steps, budget, trainSeconds, finalLoss, accuracy,
                frechetDistance, samplingSeconds, evaluatorAccuracy, grid, recorded);
    }
}
