package dev.diffusion.worker.job;

import dev.diffusion.common.spec.Datasets;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.common.storage.DatasetScope;
import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.common.storage.ObjectLocation;
import dev.diffusion.engine.data.DatasetLimits;
import dev.diffusion.engine.data.LabeledImageDataset;
import dev.diffusion.worker.config.WorkerConfig;
import dev.diffusion.worker.recipe.DatasetProblem;
import dev.diffusion.worker.recipe.DatasetRules;
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
 * entity tag changed. The files are read by the {@link DatasetRules} {@code worker train} applies too. A missing
 * data set is a permanent {@link JobFailure#DATASET_NOT_FOUND}; unreadable files a permanent
 * {@link JobFailure#INVALID_DATASET}; images that do not fit the spec a permanent {@link JobFailure#INVALID_SPEC},
 * each with a readable reason.
 *
 * <p>A user's data set is bounded by {@link WorkerConfig.Datasets}: its objects' total size (from the listing,
 * before any download), their number, and the number and pixel size of its images. Its name is checked again
 * here, whatever the api accepted: it must lie inside the dispatch's {@link DatasetScope} (the tenant's areas) before
 * a single object is listed, and the cache folder made of its bucket and prefix must lie inside the cache.
 */
final class DatasetLoader {

    private static final String MANIFEST = ".etags.properties";

    private final ObjectStore store;
    private final String datasetsBucket;
    private final Path cache;
    private final WorkerConfig.Datasets limits;
    private final DatasetScope scope;

    DatasetLoader(ObjectStore store, String datasetsBucket, Path cache, WorkerConfig.Datasets limits,
                  DatasetScope scope) {
        this.store = store;
        this.scope = scope;
        this.datasetsBucket = datasetsBucket;
        this.cache = cache.resolve("datasets").toAbsolutePath().normalize();
        this.limits = limits;
    }

    /** Loads the data set of an effective spec, checked against its image size and channels. */
    LabeledImageDataset load(TrainingSpec spec) throws IOException {
        String dataset = spec.dataset();
        String name = dataset.toLowerCase(Locale.ROOT);
        if (Datasets.SHAPES.equals(name)) {
            try {
                return DatasetRules.shapes(spec.imageSize(), spec.channels(), spec.seed());
            } catch (DatasetProblem e) {
                throw failure(e);
            }
        }
        ObjectLocation location;
        String hint;
        if (Datasets.isBuiltIn(name)) {
            location = new ObjectLocation(datasetsBucket, ObjectKeys.datasetPrefix(name));
            hint = "; import it with 'worker import-dataset " + name + " --upload' (./run-local.sh does this on start)";
        } else if (Datasets.isObjectStoreLocation(dataset)) {
            Datasets.locationProblem(dataset).ifPresent(why -> {
                throw JobFailure.permanent(JobFailure.INVALID_SPEC, "dataset: " + why);
            });
            if (scope == null || !scope.allows(dataset)) {
                throw JobFailure.permanent(JobFailure.INVALID_SPEC, "dataset: " + dataset + " lies outside the "
                        + "locations this job may read" + (scope == null ? " (its dispatch names none)"
                        : ": " + String.join(", ", scope.locations())));
            }
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
        Path folder = cacheFolder(location, dataset);
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
        checkSize(objects, location, dataset);
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

    /** Where the data set is cached: a folder strictly inside the cache, whatever the bucket and prefix say. */
    private Path cacheFolder(ObjectLocation location, String dataset) {
        Path bucketFolder = cache.resolve(location.bucket()).normalize();
        Path folder = bucketFolder.resolve(location.key()).normalize();
        if (!cache.equals(bucketFolder.getParent()) || !folder.startsWith(bucketFolder) || folder.equals(bucketFolder)) {
            throw JobFailure.permanent(JobFailure.INVALID_SPEC, "dataset: " + dataset
                    + " would be cached outside the worker's data-set cache (bucket '" + location.bucket()
                    + "', prefix '" + location.key() + "'); a prefix must not start with '/' or hold '..' segments");
        }
        return folder;
    }

    private void checkSize(List<ObjectSummary> objects, ObjectLocation location, String dataset) {
        if (objects.size() > limits.maxImages()) {
            throw JobFailure.permanent(JobFailure.INVALID_DATASET, "data set " + dataset + " lists " + objects.size()
                    + " objects under " + location.uri() + ", more than the limit of " + limits.maxImages()
                    + " (diffusion.datasets.max-images)");
        }
        long bytes = objects.stream().mapToLong(ObjectSummary::sizeBytes).sum();
        if (bytes > limits.maxDownloadBytes()) {
            throw JobFailure.permanent(JobFailure.INVALID_DATASET, "data set " + dataset + " holds " + bytes
                    + " bytes in " + objects.size() + " objects, more than the limit of " + limits.maxDownloadBytes()
                    + " bytes (diffusion.datasets.max-download-bytes)");
        }
    }

    private LabeledImageDataset read(Path folder, String dataset, TrainingSpec spec) throws IOException {
        try {
            return DatasetRules.read(folder, dataset, spec.imageSize(), spec.channels(),
                    new DatasetLimits(limits.maxImages(), limits.maxPixelsPerImage()));
        } catch (DatasetProblem e) {
            throw failure(e);
        }
    }

    private static JobFailure failure(DatasetProblem problem) {
        String code = switch (problem.kind()) {
            case NOT_FOUND -> JobFailure.DATASET_NOT_FOUND;
            case UNUSABLE -> JobFailure.INVALID_DATASET;
            case MISMATCH -> JobFailure.INVALID_SPEC;
        };
        return JobFailure.permanent(code, problem.getMessage(), problem);
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
