package dev.diffusion.worker.job;

import ai.djl.ndarray.NDManager;

import dev.diffusion.common.messaging.ModelRef;
import dev.diffusion.worker.recipe.LoadedModel;
import dev.diffusion.worker.storage.ObjectStore;
import dev.diffusion.worker.storage.StorageException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Registered models on this worker: downloaded once into the cache (a registered model never changes) and
 * loaded for sampling. A model that is missing is a permanent {@link JobFailure#MODEL_NOT_FOUND}; one that is
 * corrupt or does not fit its own spec a permanent {@link JobFailure#INVALID_MODEL} (and leaves the cache).
 */
@ApplicationScoped
public class ModelFiles {

    private final ObjectStore store;

    @Inject
    public ModelFiles(ObjectStore store) {
        this.store = store;
    }

    /**
     * Downloads (or finds in the cache) and loads a model.
     *
     * @param ref the model
     * @param cache this worker's cache folder
     * @param manager owner of the weights
     * @return the model, ready to sample
     * @throws IOException when the cache cannot be written
     */
    public LoadedModel load(ModelRef ref, Path cache, NDManager manager) throws IOException {
        Path file = fetch(ref, cache);
        try {
            return LoadedModel.load(file, manager);
        } catch (IOException | IllegalArgumentException e) {
            Files.deleteIfExists(file);
            throw JobFailure.permanent(JobFailure.INVALID_MODEL, "model " + ref.modelId() + " ("
                    + ObjectStore.uri(ref.bucket(), ref.key()) + ") cannot be loaded: " + e.getMessage(), e);
        }
    }

    private Path fetch(ModelRef ref, Path cache) {
        Path file = cache.resolve("models").resolve(ref.modelId() + ".ckpt");
        if (Files.isRegularFile(file)) {
            return file;
        }
        try {
            store.download(ref.bucket(), ref.key(), file);
            return file;
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.NOT_FOUND) {
                throw JobFailure.permanent(JobFailure.MODEL_NOT_FOUND, "model " + ref.modelId() + " not found: "
                        + e.getMessage(), e);
            }
            if (e.kind() == StorageException.Kind.CORRUPT) {
                throw JobFailure.permanent(JobFailure.INVALID_MODEL, "model " + ref.modelId() + ": " + e.getMessage(), e);
            }
            throw e;
        }
    }
}
