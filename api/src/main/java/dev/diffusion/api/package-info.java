/** The REST API service. */
package dev.diffusion.api;
