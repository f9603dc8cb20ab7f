package dev.diffusion.worker.job;

import dev.diffusion.common.spec.Datasets;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.common.storage.ObjectLocation;
import dev.diffusion.worker.data.DatasetException;
import dev.diffusion.worker.data.IdxDataset;
import dev.diffusion.worker.data.ImageFolderReader;
import dev.diffusion.worker.data.LabeledImageDataset;
import dev.diffusion.worker.data.ShapesDataset;
import dev.diffusion.worker.storage.ObjectStore;
import dev.diffusion.worker.storage.ObjectSummary;
import dev.diffusion.worker.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The images of a training spec's {@code dataset}:
 * <ul>
 *   <li>{@code shapes}: generated in code at the spec's image size;</li>
 *   <li>{@code mnist}, {@code fashion-mnist}: IDX files under {@code datasets/<name>/} in the datasets
 *       bucket (put there by {@code worker import-dataset <name> --upload}, which the local stack runs);</li>
 *   <li>{@code s3://bucket/prefix}: IDX files, or class sub-folders of PNG/JPEG images, under the prefix.</li>
 * </ul>
 * Downloaded files are cached in {@code <cache>/datasets/} and fetched again only when the object's
 * entity tag changed. A missing data set is a permanent {@link JobFailure#DATASET_NOT_FOUND}; unreadable
 * or mismatched files are a permanent {@link JobFailure#INVALID_DATASET}, both with a readable reason.
 */
final class DatasetLoader {

    /** Images generated for {@code shapes}, the number the command line uses too. */
    static final int SHAPES_IMAGES = 4096;

    private static final String MANIFEST = ".etags.properties";

    private final ObjectStore store;
    private final String datasetsBucket;
    private final Path cache;

    DatasetLoader(ObjectStore store, String datasetsBucket, Path cache) {
        this.store = store;
        this.datasetsBucket = datasetsBucket;
        this.cache = cache.resolve("datasets");
    }

    /** Loads the data set of an effective spec, checked against its image size and channels. */
    LabeledImageDataset load(TrainingSpec spec) throws IOException {
        String dataset = spec.dataset();
        String name = dataset.toLowerCase(Locale.ROOT);
        if (Datasets.SHAPES.equals(name)) {
            if (spec.channels() != 1) {
                throw JobFailure.permanent(JobFailure.INVALID_SPEC, "shapes images are gray: channels must be 1, got "
                        + spec.channels());
            }
            return ShapesDataset.generate(SHAPES_IMAGES, spec.imageSize(), spec.seed());
        }
        ObjectLocation location;
        String hint;
        if (Datasets.isBuiltIn(name)) {
            location = new ObjectLocation(datasetsBucket, ObjectKeys.datasetPrefix(name));
            hint = "; import it with 'worker import-dataset " + name + " --upload' (./run-local.sh does this on start)";
        } else if (Datasets.isObjectStoreLocation(dataset)) {
            ObjectLocation given = ObjectKeys.parseLocation(dataset);
            location = new ObjectLocation(given.bucket(), given.key().endsWith("/") ? given.key() : given.key() + "/");
            hint = "";
        } else {
            throw JobFailure.permanent(JobFailure.INVALID_SPEC, "dataset '" + dataset + "' is neither one of "
                    + Datasets.BUILT_IN + " nor an s3://bucket/prefix location");
        }
        Path folder = fetch(location, dataset, hint);
        return read(folder, dataset, spec);
    }

    private Path fetch(ObjectLocation location, String dataset, String hint) throws IOException {
        List<ObjectSummary> objects;
        try {
            objects = store.list(location.bucket(), location.key());
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.NOT_FOUND) {
                throw JobFailure.permanent(JobFailure.DATASET_NOT_FOUND, "data set " + dataset + " not found: "
                        + e.getMessage() + hint, e);
            }
            throw e;
        }
        if (objects.isEmpty()) {
            throw JobFailure.permanent(JobFailure.DATASET_NOT_FOUND, "data set " + dataset + " not found: no objects under "
                    + location.uri() + hint);
        }
        Path folder = cache.resolve(location.bucket()).resolve(location.key());
        Files.createDirectories(folder);
        Properties etags = readManifest(folder);
        for (ObjectSummary object : objects) {
            String relative = object.key().substring(location.key().length());
            Path target = folder.resolve(relative).normalize();
            if (!target.startsWith(folder)) {
                throw JobFailure.permanent(JobFailure.INVALID_DATASET, "data set " + dataset + ": object key "
                        + object.key() + " leaves its prefix");
            }
            boolean fresh = Files.isRegularFile(target) && Files.size(target) == object.sizeBytes()
                    && String.valueOf(object.etag()).equals(etags.getProperty(relative));
            if (!fresh) {
                try {
                    store.download(location.bucket(), object.key(), target);
                } catch (StorageException e) {
                    if (e.kind() == StorageException.Kind.CORRUPT || e.kind() == StorageException.Kind.NOT_FOUND) {
                        throw JobFailure.permanent(JobFailure.INVALID_DATASET, "data set " + dataset + ": "
                                + e.getMessage(), e);
                    }
                    throw e;
                }
                etags.setProperty(relative, String.valueOf(object.etag()));
            }
        }
        writeManifest(folder, etags);
        return folder;
    }

    private static LabeledImageDataset read(Path folder, String dataset, TrainingSpec spec) throws IOException {
        LabeledImageDataset data;
        try {
            data = looksLikeIdx(folder)
                    ? IdxDataset.readFolder(folder)
                    : ImageFolderReader.read(folder, spec.imageSize(), spec.channels());
        } catch (DatasetException e) {
            throw JobFailure.permanent(JobFailure.INVALID_DATASET, "data set " + dataset + " is not usable: "
                    + describe(e, folder), e);
        }
        if (data.size() == 0) {
            throw JobFailure.permanent(JobFailure.INVALID_DATASET, "data set " + dataset + " holds no images");
        }
        if (data.height() != spec.imageSize() || data.width() != spec.imageSize()) {
            throw JobFailure.permanent(JobFailure.INVALID_SPEC, "the images of " + dataset + " are " + data.height() + "x"
                    + data.width() + " but imageSize is " + spec.imageSize() + " (IDX data is not resized)");
        }
        if (data.channels() != spec.channels()) {
            throw JobFailure.permanent(JobFailure.INVALID_SPEC, "the images of " + dataset + " have " + data.channels()
                    + " channel(s) but channels is " + spec.channels());
        }
        return data;
    }

    /** The problem with the file named relative to the data set, not to this worker's cache folder. */
    private static String describe(DatasetException e, Path folder) {
        String message = e.getMessage();
        return message == null ? "unreadable" : message.replace(folder.toString() + "/", "").replace(folder.toString(), ".");
    }

    private static boolean looksLikeIdx(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("images-idx")
                    || f.getFileName().toString().startsWith("labels-idx"));
        }
    }

    private static Properties readManifest(Path folder) throws IOException {
        Properties etags = new Properties();
        Path file = folder.resolve(MANIFEST);
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                etags.load(in);
            }
        }
        return etags;
    }

    private static void writeManifest(Path folder, Properties etags) throws IOException {
        Path temp = Files.createTempFile(folder, MANIFEST, ".part");
        try (OutputStream out = Files.newOutputStream(temp)) {
            etags.store(out, "entity tags of the cached objects");
        }
        Files.move(temp, folder.resolve(MANIFEST), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
