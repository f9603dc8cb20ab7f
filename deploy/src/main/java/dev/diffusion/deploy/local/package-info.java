/**
 * The one-command local run behind {@code ./run-local.sh}: options, the service child processes (api, worker)
 * and their health probe. The entry point is {@link dev.diffusion.deploy.LocalStack}.
 */
package dev.diffusion.deploy.local;
