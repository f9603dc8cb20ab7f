/** The worker service: consumes jobs and runs the diffusion engine. */
package dev.diffusion.worker;
