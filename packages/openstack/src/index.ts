/**
 * @fedcloud/openstack: typed REST clients for OpenStack Keystone v3 (with OS-FEDERATION), Nova,
 * Glance, Neutron and Cinder. Knows nothing of federations beyond Keystone's own API.
 */
export type { CallOptions } from './call-options.js';
export {
  createClient,
  type Client,
  type ClientOptions,
  type ServiceRequestOptions,
  type ServiceType,
} from './client.js';
export {
  OPENSTACK_ERROR_CODES,
  OpenStackError,
  codeForStatus,
  isOpenStackError,
  type OpenStackErrorCode,
  type OpenStackErrorDetails,
} from './errors.js';
export { parseErrorBody, type ParsedErrorBody } from './error-body.js';
export { nextLink, paginate, type PageIterator, type PaginateOptions } from './paginate.js';
export { networkCause, networkReason, type NetworkCause } from './network-reason.js';
export { REDACTED, redactHeaders, redactUrl } from './redact.js';
export { transportFetch } from './transport-fetch.js';
export {
  DEFAULT_TIMEOUT_MS,
  DEFAULT_USER_AGENT,
  request,
  requestStream,
  type Microversion,
  type MicroversionService,
  type OpenStackResponse,
  type RawBody,
  type RequestOptions,
  type Transport,
} from './request.js';
export type { Query, QueryValue } from './url.js';
export * from './keystone/index.js';
export * from './compute/index.js';
export * from './image/index.js';
export * from './network/index.js';
export * from './volume/index.js';
