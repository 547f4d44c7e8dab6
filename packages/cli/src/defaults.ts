/**
 * Sites contacted at once with ALL_SITES. A site costs a few milliseconds of CPU and otherwise
 * waits on the network, so the bound is sized for I/O: the federation's ~100 sites run in one
 * wave (30 made a 100-site run three waves of round trips, 3.3 s instead of ~1 s). It still
 * bounds sockets and file descriptors for bigger site lists; --concurrency lowers it.
 */
export const DEFAULT_CONCURRENCY = '100';
