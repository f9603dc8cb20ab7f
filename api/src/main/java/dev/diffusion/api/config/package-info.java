/** Configuration of the api ({@code diffusion.*}), the clock and the JSON settings. */
package dev.diffusion.api.config;
