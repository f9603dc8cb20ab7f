/**
 * Deployment of the platform: {@link dev.diffusion.deploy.LocalStack}, the entry point of {@code ./run-local.sh}
 * (real servers and the services on 127.0.0.1, no Docker). The servers themselves live in
 * {@code dev.diffusion.deploy.infra}, the launcher's parts in {@code dev.diffusion.deploy.local}; the
 * container descriptors are {@code docker-compose.yml} at the repository root and {@code deploy/k8s/}.
 */
package dev.diffusion.deploy;
