/**
 * The accounting repository (the APEL server's role): sites' cloud records in, per VM-month;
 * summaries per site, VO, user and month kept as records arrive; usage reads and the APEL
 * summary export out.
 */
export { ingestCloudMessage } from './ingest.js';
export { accountingSites } from './sites.js';
export { exportSummaries } from './export.js';
export { accountingUsage, type Month, USAGE_DIMENSIONS, type UsageDimension } from './usage.js';
export { assertUsageVisible } from './visibility.js';
