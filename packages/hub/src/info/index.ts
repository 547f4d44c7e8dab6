/**
 * The information system (the cloud-info role): sites' agents publish GLUE 2.1 documents, the
 * hub validates and keeps them with a bounded history, and serves what was derived from them to
 * the native API, the cloud-info-api compatible reads and the LDIF export. Everything outside
 * this folder imports it from here.
 */
export {
  FUTURE_TOLERANCE_MS,
  invalidDocumentError,
  parseGlueTime,
  type DocumentIssue,
  type ValidatedDocument,
  type VoProject,
  validateGlueDocument,
} from './document.js';
export { publishSiteInfo, type PublishResult } from './publish.js';
export { reportSiteFailing, type HealthReport } from './health.js';
export {
  currentDocumentOf,
  imagesForSiteVo,
  infoHistory,
  siteFlavors,
  siteImages,
  type CurrentDocument,
} from './reads.js';
export { InfoStore, type InfoSnapshot } from './store.js';
export { type ImageCounts } from './image-count.js';
export {
  CachedBody,
  CloudInfoViews,
  onlyEgi,
  type CloudInfoSite,
  type CloudInfoView,
} from './cloud-info-view.js';
export { fedcloudSiteYaml } from './cloud-info-yaml.js';
