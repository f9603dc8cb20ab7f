/** Model persistence: the registered models and their queries. */
package dev.diffusion.api.model.persistence;
