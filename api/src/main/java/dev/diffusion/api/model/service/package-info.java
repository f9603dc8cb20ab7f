/** Model logic: registration by a succeeded training job, and reads. */
package dev.diffusion.api.model.service;
