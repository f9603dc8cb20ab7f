/**
 * JSON columns (training, generation and evaluation specs, metrics) to and from their records, with the shared strict
 * mapper of {@link dev.diffusion.common.json.JsonMapper}; used by jobs and models alike.
 */
package dev.diffusion.api.json;
