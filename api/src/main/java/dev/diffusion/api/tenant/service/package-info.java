/**
 * Tenant logic: checking a key (with a short-lived cache, so a request costs no database round trip while the
 * key is cached), creating and revoking tenants and keys, and the bootstrap admin key of a fresh installation.
 */
package dev.diffusion.api.tenant.service;
