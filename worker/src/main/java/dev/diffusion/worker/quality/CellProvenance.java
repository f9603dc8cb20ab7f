package dev.diffusion.worker.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a cell's outcome depends on besides its id, recorded with the outcome so that a study continued later, on
 * another commit or machine, reuses a stored cell only while it still measures the same thing.
 *
 * @param specSha256 SHA-256 of the cell's effective training spec (JSON with sorted keys)
 * @param trainingRevision {@link QualityStudy#TRAINING_REVISION} of the code that trained it
 * @param evaluatorSha256 SHA-256 of the evaluator file that judged it
 * @param commit the commit that trained it (informational)
 * @param machine kernels, CPU and threads it trained on (informational)
 * @param judging how its samples were judged; null in outcomes recorded before it was, which were judged
 *     {@link Judging#UNRECORDED}
 */
public record CellProvenance(String specSha256, int trainingRevision, String evaluatorSha256, String commit,
                             String machine, Judging judging) {

    /** Checks the identifying fields. */
    public CellProvenance {
        Objects.requireNonNull(specSha256, "specSha256");
        Objects.requireNonNull(evaluatorSha256, "evaluatorSha256");
    }

    /**
     * Why a stored outcome with this provenance does not hold for a cell expected to have another.
     *
     * @param expected the provenance the cell would have if trained now
     * @return the differences, e.g. "another training spec"; empty when the stored outcome holds
     */
    public List<String> differencesFrom(CellProvenance expected) {
        List<String> differences = new ArrayList<>();
        if (!specSha256.equals(expected.specSha256)) {
            differences.add("another training spec");
        }
        if (trainingRevision != expected.trainingRevision) {
            differences.add("training revision " + trainingRevision + " (now " + expected.trainingRevision + ")");
        }
        if (!evaluatorSha256.equals(expected.evaluatorSha256)) {
            differences.add("another evaluator");
        }
        if (!judged().sameAs(expected.judged())) {
            differences.add("samples judged with " + judged().describe() + " (now " + expected.judged().describe() + ")");
        }
        return differences;
    }

    /**
     * Whether an outcome with this provenance measured what a cell of another recipe expected to have {@code expected}
     * would measure now: the same training spec and revision, the same evaluator, and the same judging, clipping
     * included. Then the outcome is that cell's too (a recipe that became the defaults, say).
     *
     * @param expected the provenance the other cell would have if trained now
     * @return whether the outcome holds for it
     */
    public boolean sameMeasurement(CellProvenance expected) {
        return sameTraining(expected) && evaluatorSha256.equals(expected.evaluatorSha256)
                && judged().sameForAnyRecipe(expected.judged());
    }

    /**
     * This provenance with the sampler's clipping recorded where it was not: a kept cell was judged with its recipe's.
     *
     * @param clip the recipe's clipping
     * @return the completed provenance
     */
    public CellProvenance withClipping(boolean clip) {
        return new CellProvenance(specSha256, trainingRevision, evaluatorSha256, commit, machine,
                judged().withClipping(clip));
    }

    /**
     * Whether an outcome with this provenance came from the training a cell expected to have another would do now:
     * then its weights can be judged again instead of trained again.
     *
     * @param expected the provenance the cell would have if trained now
     * @return whether spec and training revision agree
     */
    public boolean sameTraining(CellProvenance expected) {
        return specSha256.equals(expected.specSha256) && trainingRevision == expected.trainingRevision;
    }

    /**
     * This provenance for the same training judged again: the commit and machine stay those of the training.
     *
     * @param now the provenance of the new judgement
     * @return the combined provenance
     */
    public CellProvenance judgedAgainAs(CellProvenance now) {
        return new CellProvenance(specSha256, trainingRevision, now.evaluatorSha256, commit, machine, now.judging);
    }

    /** @return how the samples were judged, {@link Judging#UNRECORDED} when not recorded */
    public Judging judged() {
        return judging != null ? judging : Judging.UNRECORDED;
    }
}
