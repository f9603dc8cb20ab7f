/** REST endpoints of models ({@code /api/v1/models}) and their response records. */
package dev.diffusion.api.model.rest;
