/** A seeded fuzz of the REST api with malformed and hostile requests. */
package dev.diffusion.api.fuzz;
