/**
 * Test helpers of the deploy module: stand-ins started as real processes (a launcher that can be killed, a service
 * that answers the health probe, a sleeper) and small process utilities.
 */
package dev.diffusion.deploy.testing;
