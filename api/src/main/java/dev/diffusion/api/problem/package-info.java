/**
 * Errors as RFC 7807 problem documents: the exception types the services throw and the one family of
 * mappers that turns them, Jackson failures and HTTP errors into {@code application/problem+json}.
 */
package dev.diffusion.api.problem;
