/**
 * JSON columns (training and generation specs, metrics) to and from their records, with the shared strict
 * mapper of {@link dev.diffusion.common.json.JsonMapper}; used by jobs and models alike.
 */
package dev.diffusion.api.json;
