/** Contracts shared by the api and the worker: job specs and their validation, Kafka message records. */
package dev.diffusion.common;
