package dev.diffusion.worker.recipe;

import dev.diffusion.engine.data.DatasetException;
import dev.diffusion.engine.data.IdxDataset;
import dev.diffusion.engine.data.DatasetLimits;
import dev.diffusion.engine.data.ImageFolderReader;
import dev.diffusion.engine.data.LabeledImageDataset;
import dev.diffusion.engine.data.ShapesDataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The rules that turn a data-set folder (or the generated {@code shapes}) into training images, shared by
 * the job service and {@code worker train}: IDX files are read as they are (never resized), a folder of
 * class sub-folders is decoded at the requested size and channels, and the result must hold images of the
 * spec's size and channels.
 */
public final class DatasetRules {

    /** Images generated for {@code shapes}. */
    public static final int SHAPES_IMAGES = 4096;
    /** Image size of an image folder when the spec names none. */
    public static final int DEFAULT_FOLDER_IMAGE_SIZE = 32;
    /** Channels of an image folder when the spec names none. */
    public static final int DEFAULT_FOLDER_CHANNELS = 3;

    private DatasetRules() {}

    /**
     * The generated shapes data set.
     *
     * @param imageSize S of the S×S images
     * @param channels requested channels, or null; shapes are gray
     * @param seed seed of the generator
     * @return the images
     * @throws DatasetProblem when more than one channel is asked for
     */
    public static LabeledImageDataset shapes(int imageSize, Integer channels, long seed) throws DatasetProblem {
        if (channels != null && channels != 1) {
            throw new DatasetProblem(DatasetProblem.Kind.MISMATCH,
                    "shapes images are gray: channels must be 1, got " + channels, null);
        }
        return ShapesDataset.generate(SHAPES_IMAGES, imageSize, seed);
    }

    /**
     * Reads a data-set folder: IDX files when there are any, else class sub-folders of images.
     *
     * @param folder the folder
     * @param dataset the data set's name, for messages
     * @param imageSize the spec's image size, or null for the data set's own
     * @param channels the spec's channels, or null for the data set's own
     * @return the images, checked against the spec
     * @throws DatasetProblem when the files are unusable or do not fit the spec
     * @throws IOException when the folder cannot be listed
     */
    public static LabeledImageDataset read(Path folder, String dataset, Integer imageSize, Integer channels)
            throws DatasetProblem, IOException {
        return read(folder, dataset, imageSize, channels, DatasetLimits.defaults());
    }

    /**
     * Reads a data-set folder within limits on its images.
     *
     * @param folder the folder
     * @param dataset the data set's name, for messages
     * @param imageSize the spec's image size, or null for the data set's own
     * @param channels the spec's channels, or null for the data set's own
     * @param limits how many images, and how large, the data set may hold
     * @return the images, checked against the spec
     * @throws DatasetProblem when the files are unusable, over a limit or do not fit the spec
     * @throws IOException when the folder cannot be listed
     */
    public static LabeledImageDataset read(Path folder, String dataset, Integer imageSize, Integer channels,
                                           DatasetLimits limits) throws DatasetProblem, IOException {
        LabeledImageDataset data;
        try {
            data = looksLikeIdx(folder)
                    ? IdxDataset.readFolder(folder, limits)
                    : ImageFolderReader.read(folder, imageSize != null ? imageSize : DEFAULT_FOLDER_IMAGE_SIZE,
                            channels != null ? channels : DEFAULT_FOLDER_CHANNELS, limits);
        } catch (DatasetException e) {
            throw new DatasetProblem(DatasetProblem.Kind.UNUSABLE, "data set " + dataset + " is not usable: "
                    + relativeTo(folder, e.getMessage()), e);
        }
        if (data.size() == 0) {
            throw new DatasetProblem(DatasetProblem.Kind.UNUSABLE, "data set " + dataset + " holds no images", null);
        }
        if (imageSize != null && (data.height() != imageSize || data.width() != imageSize)) {
            throw new DatasetProblem(DatasetProblem.Kind.MISMATCH, "the images of " + dataset + " are " + data.height()
                    + "x" + data.width() + " but imageSize is " + imageSize + " (IDX data is not resized)", null);
        }
        if (channels != null && data.channels() != channels) {
            throw new DatasetProblem(DatasetProblem.Kind.MISMATCH, "the images of " + dataset + " have "
                    + data.channels() + " channel(s) but channels is " + channels, null);
        }
        return data;
    }

    /**
     * Whether a folder holds IDX files (images or labels).
     *
     * @param folder the folder
     * @return true when a file name starts with {@code images-idx} or {@code labels-idx}
     * @throws IOException when the folder cannot be listed
     */
    public static boolean looksLikeIdx(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString())
                    .anyMatch(name -> name.startsWith("images-idx") || name.startsWith("labels-idx"));
        }
    }

    /** The problem named relative to the data set, not to where this process keeps it. */
    private static String relativeTo(Path folder, String message) {
        return message == null ? "unreadable" : message.replace(folder + "/", "").replace(folder.toString(), ".");
    }
}
