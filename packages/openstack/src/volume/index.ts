export { getVolumeLimits, getVolumeQuotas } from './limits.js';
export {
  volumeLimitsSchema,
  volumeQuotaSetSchema,
  volumeSchema,
  type Volume,
  type VolumeLimits,
  type VolumeQuotaSet,
} from './schemas.js';
export { createVolume, deleteVolume, listVolumes, type CreateVolumeRequest } from './volumes.js';
