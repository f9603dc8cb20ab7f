/**
 * Helpers shared by the REST resources of jobs and models: checks of path, query and header parameters
 * that fail with a problem naming the parameter.
 */
package dev.diffusion.api.rest;
