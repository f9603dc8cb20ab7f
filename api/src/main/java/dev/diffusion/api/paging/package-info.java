/** Newest-first keyset paging shared by the job and model listings: opaque cursors, page limits. */
package dev.diffusion.api.paging;
