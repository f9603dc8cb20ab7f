package dev.diffusion.api.upload;

/**
 * What to upload.
 *
 * @param path where in the caller's tenant area the file goes, relative to it (segments of letters, digits, '.', '_',
 *             '-'; no '.' or '..' segments, no leading '/', at most 512 characters); absent: {@code uploads/{random id}}
 */
public record UploadRequest(String path) {
}
