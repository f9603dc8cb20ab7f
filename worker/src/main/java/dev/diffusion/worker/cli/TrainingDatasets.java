package dev.diffusion.worker.cli;

import dev.diffusion.common.spec.Datasets;
import dev.diffusion.engine.data.LabeledImageDataset;
import dev.diffusion.worker.recipe.DatasetProblem;
import dev.diffusion.worker.recipe.DatasetRules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Finds the images of the command line's {@code --dataset}: {@code shapes} is generated,
 * {@code mnist}/{@code fashion-mnist} are read from an imported IDX folder ({@code --data-dir},
 * default {@code ./.local/datasets/<name>}), any other value is a folder of IDX files or of class
 * sub-folders of images. The files are read by the {@link DatasetRules} training jobs apply too; a problem
 * with them is a usage error here.
 */
final class TrainingDatasets {

    /** Default root of imported data sets. */
    static final Path DEFAULT_ROOT = Path.of(".local", "datasets");

    private TrainingDatasets() {}

    /**
     * Whether the name is a local folder rather than a built-in or object-store data set.
     *
     * @param dataset the spec's data set
     * @return true for a path
     */
    static boolean isLocalPath(String dataset) {
        return dataset != null && !Datasets.isBuiltIn(dataset) && !dataset.startsWith(Datasets.S3_SCHEME);
    }

    /**
     * Loads a data set.
     *
     * @param dataset the spec's data set name or path
     * @param imageSize the requested image size, or null for the data set's own
     * @param channels the requested channels, or null for the data set's own
     * @param dataDir the folder given with {@code --data-dir}, or null
     * @param seed seed for generated data
     * @return the images
     * @throws UsageException when the data set cannot be found or does not fit the request
     * @throws IOException when files cannot be read
     */
    static LabeledImageDataset load(String dataset, Integer imageSize, Integer channels, Path dataDir, long seed)
            throws IOException {
        String name = dataset.toLowerCase(Locale.ROOT);
        if (dataset.startsWith(Datasets.S3_SCHEME)) {
            throw new UsageException("the command line reads local data sets only; download " + dataset
                    + " and pass its folder to --dataset");
        }
        try {
            if (Datasets.SHAPES.equals(name)) {
                int size = imageSize != null ? imageSize : Datasets.defaultImageSize(Datasets.SHAPES);
                return DatasetRules.shapes(size, channels, seed);
            }
            Path folder;
            if (Datasets.isBuiltIn(name)) {
                folder = dataDir != null ? dataDir : DEFAULT_ROOT.resolve(name);
                if (!Files.isDirectory(folder)) {
                    throw new UsageException("data set " + name + " not found in " + folder
                            + "; run 'worker import-dataset " + name + "' first or pass --data-dir");
                }
            } else {
                folder = Path.of(dataset);
                if (!Files.isDirectory(folder)) {
                    throw new UsageException("--dataset: '" + dataset + "' is neither " + Datasets.BUILT_IN
                            + " nor a folder");
                }
            }
            return DatasetRules.read(folder, dataset, imageSize, channels);
        } catch (DatasetProblem e) {
            throw new UsageException(e.getMessage());
        }
    }
}
