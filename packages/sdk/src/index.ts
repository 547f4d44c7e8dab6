export {
  FEDCLOUD_ERROR_CODES,
  FedcloudError,
  isFedcloudError,
  type FedcloudErrorCode,
  type FedcloudErrorOptions,
} from './errors.js';
export type * from './auth/types.js';
export type * from './sites/types.js';
