/**
 * Real local servers without Docker, all on 127.0.0.1: PostgreSQL (zonky embedded binaries), an in-process
 * Apache Kafka broker in KRaft mode and an S3 server checking SigV4 (S3Proxy as a child process).
 *
 * <p>{@link dev.diffusion.deploy.infra.LocalInfrastructure} starts them in parallel and hands out one
 * {@link dev.diffusion.deploy.infra.ManagedServer} per server, so a single server can be stopped and started
 * again on the same port and data. {@link dev.diffusion.deploy.infra.SharedInfrastructure} keeps one instance
 * per JVM for the Quarkus tests of api and worker; {@link dev.diffusion.deploy.infra.ServiceSettings} is the
 * configuration contract (keys, environment variables, topics, buckets) between this module and the services.
 */
package dev.diffusion.deploy.infra;
