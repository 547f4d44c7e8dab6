// Until the openstack command moves to the SDK's map directly.
export { EXIT_CODES, EXIT_PARTIAL_FAILURE } from '@fedcloud/sdk/exit-codes';
