/**
 * Children that do not outlive the launcher. A launcher killed with {@code kill -9} or by the out-of-memory
 * killer runs no shutdown hook, so its children must notice on their own: every Java child carries the
 * {@link dev.diffusion.deploy.tether.Tether} agent, and a process that cannot carry it (PostgreSQL's postmaster,
 * which {@code pg_ctl} detaches) gets a small watchdog process running the same class.
 * {@link dev.diffusion.deploy.tether.TetherJar} writes the one-class jar both use.
 */
package dev.diffusion.deploy.tether;
