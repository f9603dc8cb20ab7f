/**
 * Where things live in object storage: bucket names and key layout shared by the api (which presigns
 * URLs for them) and the worker (which writes them). See {@link dev.diffusion.common.storage.ObjectKeys}.
 */
package dev.diffusion.common.storage;
