/**
 * The one-command local run behind {@code ./run-local.sh}: options, the service child processes (api, worker) and
 * their health probe, the {@link dev.diffusion.deploy.local.Supervisor} that restarts a service that dies, the
 * {@link dev.diffusion.deploy.local.RunLock} that gives a data folder to one launcher and cleans up after a dead one,
 * and the watchdog of PostgreSQL. The entry point is {@link dev.diffusion.deploy.LocalStack}.
 */
package dev.diffusion.deploy.local;
