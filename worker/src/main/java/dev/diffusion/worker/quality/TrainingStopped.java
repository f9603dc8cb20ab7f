package dev.diffusion.worker.quality;

/** A cell's training stopped before its last step, because the study was asked to stop. */
public final class TrainingStopped extends Exception {

    private static final long serialVersionUID = 1L;

    private final String cellId;
    private final long step;
    private final boolean resumable;

    /**
     * @param cellId the cell (the first of a shared training)
     * @param step the steps done
     * @param resumable whether the next run continues from a checkpoint at that step
     */
    public TrainingStopped(String cellId, long step, boolean resumable) {
        super("stopped training " + cellId + " at step " + step + (resumable
                ? "; the same command continues it from its checkpoint"
                : "; it keeps averages, which are not checkpointed, so the same command trains it from scratch"));
        this.cellId = cellId;
        this.step = step;
        this.resumable = resumable;
    }

    /** @return the cell (the first of a shared training) */
    public String cellId() {
        return cellId;
    }

    /** @return the steps done */
    public long step() {
        return step;
    }

    /** @return whether the next run continues from a checkpoint at that step */
    public boolean resumable() {
        return resumable;
    }
}
