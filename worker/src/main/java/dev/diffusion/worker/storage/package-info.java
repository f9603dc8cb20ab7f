/**
 * Object storage for the worker: a small wrapper over the MinIO client
 * ({@link dev.diffusion.worker.storage.ObjectStore}) that uploads files with their content type and SHA-256,
 * downloads them with a check of that SHA-256, lists prefixes, and turns every client failure into a
 * {@link dev.diffusion.worker.storage.StorageException} that says whether trying again can help.
 */
package dev.diffusion.worker.storage;
