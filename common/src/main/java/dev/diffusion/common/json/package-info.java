/** The shared Jackson configuration for job specs and Kafka messages. */
package dev.diffusion.common.json;
