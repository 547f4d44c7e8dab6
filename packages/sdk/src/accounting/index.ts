export {
  CLOUD_FIELDS,
  CLOUD_STATUSES,
  type CloudRecord,
  type CloudStatus,
  IGNORED_CLOUD_KEYS,
} from './cloud-record.js';
export {
  CLOUD_MESSAGE_HEADER,
  MAX_RECORDS_PER_MESSAGE,
  type ParsedCloudMessage,
  parseCloudMessage,
  parseCloudRecord,
  type RejectedRecord,
  renderCloudMessages,
  renderCloudRecord,
} from './apel-message.js';
export {
  buildCloudRecord,
  type FlavorFacts,
  type RecordContext,
  type ServerFacts,
} from './build-cloud-record.js';
export { type Measurement, measurementOf } from './measurement.js';
export { cloudStatusOf } from './nova-status.js';
export { parseFqan, type VoParts } from './fqan.js';
export {
  contributionOf,
  type RecordPlacement,
  type SummaryChange,
  summaryChanges,
  type SummaryFigures,
  type SummaryKey,
  summaryKeyId,
  summaryKeyOf,
} from './summary.js';
export {
  CLOUD_SUMMARY_MESSAGE_HEADER,
  type CloudSummary,
  MAX_SUMMARIES_PER_MESSAGE,
  renderCloudSummary,
  renderCloudSummaryMessages,
} from './summary-message.js';
export {
  IP_MESSAGE_TYPE,
  IP_MESSAGE_VERSION,
  type IpRecord,
  renderIpMessages,
} from './ip-record.js';
export {
  ACCELERATOR_KEYS,
  ACCELERATOR_MESSAGE_TYPE,
  ACCELERATOR_MESSAGE_VERSION,
  acceleratorOf,
  type AcceleratorContext,
  type AcceleratorRecord,
  buildAcceleratorRecords,
  type FlavorAccelerator,
  renderAcceleratorMessages,
} from './accelerator-record.js';
export { pythonJson } from './python-json.js';
export {
  ACCOUNTING_BATCH_CONTENT_TYPE,
  type AccountingBatchAnswer,
  accountingBatchAnswerSchema,
  type AccountingBatchCall,
  accountingBatchPath,
  BATCH_ID_PATTERN,
  putAccountingBatch,
} from './hub-batch.js';
