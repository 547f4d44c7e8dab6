/**
 * The information system (the cloud-info role): sites' agents publish GLUE 2.1 documents, the
 * hub validates and keeps them with a bounded history, and serves what was derived from them to
 * the native API, the cloud-info-api compatible reads and the LDIF export. Everything outside
 * this folder imports it from here.
 */
export { invalidDocumentError, parseGlueTime, validateGlueDocument } from './document.js';
export { publishSiteInfo, type PublishResult } from './publish.js';
export { reportSiteFailing } from './health.js';
export {
  currentDocumentOf,
  imagesForSiteVo,
  infoHistory,
  siteFlavors,
  siteImages,
} from './reads.js';
export { InfoStore } from './store.js';
export { type ImageCounts } from './image-count.js';
export { CachedBody, type ContentCoding } from './cached-body.js';
export {
  CloudInfoViews,
  onlyEgi,
  type CloudInfoSite,
  type CloudInfoView,
} from './cloud-info-view.js';
export { fedcloudSiteYaml } from './cloud-info-yaml.js';
