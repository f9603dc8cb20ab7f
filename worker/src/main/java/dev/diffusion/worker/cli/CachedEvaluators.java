package dev.diffusion.worker.cli;

import ai.djl.ndarray.NDManager;

import dev.diffusion.engine.data.LabeledImageDataset;
import dev.diffusion.engine.eval.Evaluator;
import dev.diffusion.engine.eval.EvaluatorFiles;
import dev.diffusion.engine.eval.EvaluatorTrainer;
import dev.diffusion.engine.eval.EvaluatorTrainingSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The evaluators of the command line's studies, kept in {@code <work>/evaluators} under the data set, image shape
 * and training steps, and trained there (seeded, as a job's) when missing, so {@code worker quality} and
 * {@code worker score-images} with the same {@code --work} judge with the same classifier.
 */
final class CachedEvaluators {

    private CachedEvaluators() {}

    /**
     * The evaluator of a data set.
     *
     * @param data the data set's images (the evaluator holds out one in six)
     * @param dataset the data set's name
     * @param work the study's folder
     * @param steps evaluator training steps
     * @param manager owner of the evaluator's weights
     * @param console where training is announced
     * @return the cached or newly trained evaluator
     * @throws Exception when it can be neither read nor trained and written
     */
    static Evaluator obtain(LabeledImageDataset data, String dataset, Path work, int steps, NDManager manager,
                            Console console) throws Exception {
        Path file = file(data, dataset, work, steps);
        String identity = identity(data, dataset);
        if (Files.isRegularFile(file)) {
            return EvaluatorFiles.read(file, manager);
        }
        console.out().printf(Locale.ROOT, "Training the evaluator of %s (%d steps)%n", identity, steps);
        Evaluator evaluator = EvaluatorTrainer.train(data, identity,
                EvaluatorTrainingSettings.defaults(steps, EvaluatorTrainingSettings.STANDARD_SEED), manager);
        Files.createDirectories(file.getParent());
        EvaluatorFiles.write(file, evaluator);
        return evaluator;
    }

    /**
     * Where the evaluator of a data set is cached.
     *
     * @param data the data set's images
     * @param dataset the data set's name
     * @param work the study's folder
     * @param steps evaluator training steps
     * @return {@code <work>/evaluators/<dataset>-<h>x<w>x<c>-s<steps>.evaluator}
     */
    static Path file(LabeledImageDataset data, String dataset, Path work, int steps) {
        return work.resolve("evaluators").resolve(identity(data, dataset) + "-s" + steps + EvaluatorFiles.EXTENSION);
    }

    private static String identity(LabeledImageDataset data, String dataset) {
        return dataset + "-" + data.height() + "x" + data.width() + "x" + data.channels();
    }
}
