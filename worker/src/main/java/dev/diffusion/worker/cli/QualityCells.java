package dev.diffusion.worker.cli;

import dev.diffusion.engine.data.LabeledImageDataset;
import dev.diffusion.engine.eval.Evaluator;
import dev.diffusion.engine.eval.FeatureStatistics;
import dev.diffusion.worker.quality.CellProvenance;
import dev.diffusion.worker.quality.QualityCell;
import dev.diffusion.worker.quality.QualityLedger;
import dev.diffusion.worker.quality.QualityOutcome;
import dev.diffusion.worker.quality.QualityStudy;
import dev.diffusion.worker.quality.TrainingStopped;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** How {@code worker quality} gets the outcomes of its cells: from the ledger when they hold, else by training. */
final class QualityCells {

    private QualityCells() {}

    /**
     * What every cell of a data set is judged with, and where it is trained.
     *
     * @param data the training images
     * @param evaluator the data set's evaluator
     * @param reference statistics of its held-out real images
     * @param evaluatorSha256 the evaluator file's digest, part of every cell's provenance
     * @param commit the code's commit
     * @param machine kernels, CPU and threads
     */
    record Judge(LabeledImageDataset data, Evaluator evaluator, FeatureStatistics reference,
                 String evaluatorSha256, String commit, String machine) {}

    /**
     * The outcomes of cells in their order: a stored outcome that still holds is kept, so is one of another recipe that
     * measured the same; one of the same training whose
     * sampling weights are kept in the work folder is judged again; the others are trained, once for every group of
     * cells whose trainings differ only in the EMA, continuing from the checkpoint of a stopped run when there is one.
     *
     * @throws TrainingStopped when {@code stopRequested} stopped a training
     */
    static List<QualityOutcome> runAll(QualityStudy study, List<QualityCell> cells, Judge judge,
                                       BooleanSupplier stopRequested, Console console) throws Exception {
        QualityOutcome[] outcomes = new QualityOutcome[cells.size()];
        List<CellProvenance> provenances = new ArrayList<>();
        List<Integer> toTrain = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            QualityCell cell = cells.get(i);
            provenances.add(new CellProvenance(QualityStudy.specSha256(study.spec(cell, judge.data())),
                    QualityStudy.TRAINING_REVISION, judge.evaluatorSha256(), judge.commit(), judge.machine(),
                    study.judging(judge.reference(), cell.recipe().clipDenoised())));
            QualityLedger.Stored stored = study.ledger().stored(cell, provenances.get(i));
            if (stored.reusable()) {
                console.out().println("Kept " + cell.id() + " from " + study.ledger().file(cell.id()) + " (trained at "
                        + stored.outcome().provenance().commit() + " on " + stored.outcome().provenance().machine() + ")");
                outcomes[i] = study.ledger().recordClipping(stored.outcome(), cell);
                continue;
            }
            Optional<QualityLedger.Adopted> same = study.ledger().adoptSameMeasurement(cell, provenances.get(i));
            if (same.isPresent()) {
                console.out().println("Kept " + cell.id() + " from " + same.get().fromId() + ": the same training spec, "
                        + "evaluator and judging (trained at " + same.get().outcome().provenance().commit() + " on "
                        + same.get().outcome().provenance().machine() + ")");
                outcomes[i] = same.get().outcome();
                continue;
            }
            if (stored.outcome() != null) {
                String why = String.join(", ", stored.staleBecause());
                if (stored.outcome().provenance() != null && stored.outcome().provenance().sameTraining(provenances.get(i))) {
                    Optional<QualityOutcome> again = study.judgeAgain(cell, stored.outcome(), judge.evaluator(),
                            judge.reference(), provenances.get(i));
                    if (again.isPresent()) {
                        console.out().println("Judged " + cell.id() + " again from its kept sampling weights: its "
                                + "stored outcome had " + why);
                        print(again.get(), console);
                        outcomes[i] = again.get();
                        continue;
                    }
                }
                console.out().println("Training " + cell.id() + " again: its stored outcome had " + why);
            }
            toTrain.add(i);
        }
        while (!toTrain.isEmpty()) {
            QualityCell first = cells.get(toTrain.get(0));
            List<Integer> group = toTrain.stream()
                    .filter(i -> study.shareTraining(first, cells.get(i), judge.data())).toList();
            toTrain.removeAll(group);
            List<QualityCell> together = group.stream().map(cells::get).toList();
            if (together.size() > 1) {
                console.out().println("Training once for " + together.stream().map(QualityCell::id)
                        .collect(Collectors.joining(", ")) + ": they differ only in the EMA");
            }
            Optional<Long> resumed = study.resumesAt(together, judge.data());
            resumed.ifPresent(step -> console.out().println("Resuming " + first.id() + " from its checkpoint at step "
                    + step + ", left by a stopped run"));
            List<QualityOutcome> done;
            try (StepProgress bar = StepProgress.start(console, first.id(), first.steps())) {
                done = study.run(together, judge.data(), judge.evaluator(), judge.reference(),
                        group.stream().map(provenances::get).toList(), step -> bar.update(step, "", null),
                        stopRequested);
            }
            for (int k = 0; k < group.size(); k++) {
                outcomes[group.get(k)] = done.get(k);
                print(done.get(k), console);
            }
        }
        return List.of(outcomes);
    }

    private static void print(QualityOutcome outcome, Console console) {
        console.out().printf(Locale.ROOT, "%s: %.0f s training, loss %.4f, accuracy %.1f %%, FD %.1f%n",
                outcome.id(), outcome.trainSeconds(), outcome.finalLoss(), 100 * outcome.accuracy(),
                outcome.frechetDistance());
    }
}
