export { volumeSchema, type Volume } from './schemas.js';
export { createVolume, deleteVolume, listVolumes, type CreateVolumeRequest } from './volumes.js';
