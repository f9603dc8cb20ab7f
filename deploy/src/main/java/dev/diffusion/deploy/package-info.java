/** Real local infrastructure without Docker and the local launcher. */
package dev.diffusion.deploy;
