import { z } from 'zod';

/**
 * A Cinder v3 volume.
 * https://docs.openstack.org/api-ref/block-storage/v3/#show-a-volume-s-details
 */
export const volumeSchema = z
  .object({
    id: z.string(),
    name: z.string().nullish(),
    status: z.string(),
    size: z.number(),
    volume_type: z.string().nullish(),
    availability_zone: z.string().nullish(),
    bootable: z.union([z.string(), z.boolean()]).optional(),
    attachments: z
      .array(z.object({ server_id: z.string().optional(), device: z.string().optional() }).loose())
      .optional(),
    description: z.string().nullish(),
    metadata: z.record(z.string(), z.string()).optional(),
    created_at: z.string().optional(),
    'os-vol-tenant-attr:tenant_id': z.string().optional(),
  })
  .loose();

export type Volume = z.infer<typeof volumeSchema>;

/** `GET /limits`: absolute limits and usage; Cinder's rate limits are always empty. */
export const volumeLimitsSchema = z
  .object({
    absolute: z.record(z.string(), z.number()),
    rate: z.array(z.unknown()).optional(),
  })
  .loose();

export type VolumeLimits = z.infer<typeof volumeLimitsSchema>;

/** `GET /os-quota-sets/{project_id}` (-1 for unlimited); per-type keys are kept as they come. */
export const volumeQuotaSetSchema = z
  .object({
    id: z.string().optional(),
    volumes: z.number().optional(),
    gigabytes: z.number().optional(),
    snapshots: z.number().optional(),
    backups: z.number().optional(),
    backup_gigabytes: z.number().optional(),
    per_volume_gigabytes: z.number().optional(),
  })
  .loose();

export type VolumeQuotaSet = z.infer<typeof volumeQuotaSetSchema>;
