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
 */
public record CellProvenance(String specSha256, int trainingRevision, String evaluatorSha256, String commit,
                             String machine) {

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
        return differences;
    }
}
