package dev.diffusion.worker.job;

import ai.djl.ndarray.NDManager;

import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.engine.data.LabeledImageDataset;
import dev.diffusion.engine.eval.Evaluator;
import dev.diffusion.engine.eval.EvaluatorFiles;
import dev.diffusion.engine.eval.EvaluatorTrainer;
import dev.diffusion.engine.eval.EvaluatorTrainingSettings;
import dev.diffusion.engine.train.TrainingDivergedException;
import dev.diffusion.worker.config.WorkerConfig;
import dev.diffusion.worker.storage.ObjectStore;
import dev.diffusion.worker.storage.StorageException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.jboss.logging.Logger;

/**
 * The evaluator classifier of a data set, trained once and shared: looked up in this worker's cache, then in the
 * models bucket ({@link ObjectKeys#evaluator}), and only when neither has it trained here (taking the
 * {@link GradientLock}) and uploaded for every later evaluation. Training is seeded, so two workers that race to
 * train the same evaluator produce the same one on the same kind of CPU.
 */
@ApplicationScoped
public class Evaluators {

    private static final Logger LOG = Logger.getLogger(Evaluators.class);

    private final ObjectStore store;
    private final String bucket;
    private final WorkerConfig.Evaluation settings;

    @Inject
    public Evaluators(ObjectStore store, WorkerConfig config) {
        this.store = store;
        this.bucket = config.s3().modelsBucket();
        this.settings = config.evaluation();
    }

    /**
     * The name an evaluator is stored under: the data set and the shape its images were loaded in, so every job
     * that scores images of that data set and shape shares one evaluator.
     *
     * @param dataset the data set as the training spec names it
     * @param data its images as loaded
     * @return e.g. {@code mnist-28x28x1}
     */
    public static String identity(String dataset, LabeledImageDataset data) {
        return dataset + "-" + data.height() + "x" + data.width() + "x" + data.channels();
    }

    /**
     * The evaluator of a data set.
     *
     * @param data the data set's images (the evaluator holds out one in six of them)
     * @param identity the data set and image shape, e.g. {@code mnist-28x28x1}
     * @param context the job, for progress and its cache folder
     * @param manager owner of the evaluator's weights
     * @return the evaluator, with its held-out accuracy
     * @throws Exception when it can be neither found nor trained
     */
    public Evaluator obtain(LabeledImageDataset data, String identity, JobContext context, NDManager manager)
            throws Exception {
        String key = ObjectKeys.evaluator(identity + "-s" + settings.evaluatorSteps());
        Path file = context.cache().resolve(key);
        if (Files.isRegularFile(file) || download(key, file)) {
            try {
                Evaluator cached = EvaluatorFiles.read(file, manager);
                if (!store.exists(bucket, key)) {
                    store.upload(bucket, key, file, "application/octet-stream"); // shared with the other workers
                }
                return cached;
            } catch (IOException | IllegalArgumentException e) {
                LOG.warnf("evaluator %s is unreadable (%s); training it again", key, e.getMessage());
                Files.deleteIfExists(file);
            }
        }
        Evaluator evaluator = train(data, identity, context, manager);
        EvaluatorFiles.write(file, evaluator);
        store.upload(bucket, key, file, "application/octet-stream");
        return evaluator;
    }

    private boolean download(String key, Path file) {
        try {
            store.download(bucket, key, file);
            return true;
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.NOT_FOUND || e.kind() == StorageException.Kind.CORRUPT) {
                return false;
            }
            throw e;
        }
    }

    private Evaluator train(LabeledImageDataset data, String identity, JobContext context, NDManager manager)
            throws InterruptedException {
        if (data.numClasses() < 2) {
            throw JobFailure.permanent(JobFailure.INVALID_DATASET, "the data set " + identity + " has "
                    + data.numClasses() + " class(es); an evaluator needs labelled images of at least two classes");
        }
        int steps = settings.evaluatorSteps();
        GradientLock.acquire();
        try {
            context.progress("training-evaluator", 0, steps, null, Map.of());
            return EvaluatorTrainer.train(data, identity, EvaluatorTrainingSettings.defaults(steps,
                    EvaluatorTrainingSettings.STANDARD_SEED), manager,
                    (step, total, loss) -> context.progress("training-evaluator", step, total, null,
                            Map.of("evaluatorLoss", loss)));
        } catch (TrainingDivergedException e) {
            throw JobFailure.permanent(JobFailure.TRAINING_DIVERGED, "the evaluator of " + identity + ": "
                    + e.getMessage(), e);
        } finally {
            GradientLock.release();
        }
    }
}
