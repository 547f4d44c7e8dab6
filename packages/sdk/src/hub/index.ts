export { callHub, hubApiUrl, hubError, type HubAnswer, type HubCall } from './api.js';
export {
  ACCOUNTING_DIMENSIONS,
  type AccountingConnection,
  type AccountingDimension,
  type AccountingSiteEntry,
  type AccountingUsage,
  type AccountingUsageQuery,
  type AccountingUsageRow,
  isAccountingMonth,
  readAccountingExport,
  readAccountingSites,
  readAccountingUsage,
} from './accounting.js';
