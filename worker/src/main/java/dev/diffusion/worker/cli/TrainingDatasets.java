package dev.diffusion.worker.cli;

import dev.diffusion.common.spec.Datasets;
import dev.diffusion.worker.data.IdxDataset;
import dev.diffusion.worker.data.ImageFolderReader;
import dev.diffusion.worker.data.LabeledImageDataset;
import dev.diffusion.worker.data.ShapesDataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Finds the images of the command line's {@code --dataset}: {@code shapes} is generated,
 * {@code mnist}/{@code fashion-mnist} are read from an imported IDX folder ({@code --data-dir},
 * default {@code ./.local/datasets/<name>}), any other value is a folder of IDX files or of class
 * sub-folders of images.
 */
final class TrainingDatasets {

    /** Images generated for {@code shapes}. */
    static final int SHAPES_COUNT = 4096;
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
        if (Datasets.SHAPES.equals(name)) {
            int size = imageSize != null ? imageSize : Datasets.defaultImageSize(Datasets.SHAPES);
            if (channels != null && channels != 1) {
                throw new UsageException("shapes images are gray: --channels must be 1");
            }
            return ShapesDataset.generate(SHAPES_COUNT, size, seed);
        }
        LabeledImageDataset data;
        if (Datasets.isBuiltIn(name)) {
            Path folder = dataDir != null ? dataDir : DEFAULT_ROOT.resolve(name);
            if (!Files.isDirectory(folder)) {
                throw new UsageException("data set " + name + " not found in " + folder
                        + "; run 'worker import-dataset " + name + "' first or pass --data-dir");
            }
            data = IdxDataset.readFolder(folder);
        } else {
            Path folder = Path.of(dataset);
            if (!Files.isDirectory(folder)) {
                throw new UsageException("--dataset: '" + dataset + "' is neither " + Datasets.BUILT_IN + " nor a folder");
            }
            data = looksLikeIdx(folder)
                    ? IdxDataset.readFolder(folder)
                    : ImageFolderReader.read(folder, imageSize != null ? imageSize : 32, channels != null ? channels : 3);
        }
        if (imageSize != null && (data.height() != imageSize || data.width() != imageSize)) {
            throw new UsageException("the images of " + dataset + " are " + data.height() + "x" + data.width()
                    + " but --image-size is " + imageSize + " (IDX data is not resized)");
        }
        if (channels != null && data.channels() != channels) {
            throw new UsageException("the images of " + dataset + " have " + data.channels()
                    + " channel(s) but --channels is " + channels);
        }
        return data;
    }

    private static boolean looksLikeIdx(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("images-idx"));
        }
    }
}
