import { z } from 'zod';

/**
 * Nova response shapes: the fields callers rely on, everything else kept (`.loose()`).
 * https://docs.openstack.org/api-ref/compute/
 */

const linkSchema = z.object({ rel: z.string(), href: z.string() }).loose();

export const serverSchema = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    status: z.string().optional(),
    tenant_id: z.string().optional(),
    user_id: z.string().optional(),
    // "" when booted from a volume.
    image: z.union([z.object({ id: z.string().optional() }).loose(), z.string()]).optional(),
    flavor: z
      .object({ id: z.string().optional(), original_name: z.string().optional() })
      .loose()
      .optional(),
    addresses: z
      .record(
        z.string(),
        z.array(
          z
            .object({
              addr: z.string(),
              version: z.number().optional(),
              'OS-EXT-IPS:type': z.string().optional(),
            })
            .loose(),
        ),
      )
      .optional(),
    key_name: z.string().nullish(),
    metadata: z.record(z.string(), z.string()).optional(),
    created: z.string().optional(),
    updated: z.string().optional(),
    // Naive UTC times (`2019-04-23T15:19:20.000000`); null until launched / while running.
    'OS-SRV-USG:launched_at': z.string().nullish(),
    'OS-SRV-USG:terminated_at': z.string().nullish(),
    links: z.array(linkSchema).optional(),
  })
  .loose();

export type Server = z.infer<typeof serverSchema>;

/** `POST /servers` answers only the id, links and (maybe) the admin password. */
export const createdServerSchema = z
  .object({
    id: z.string(),
    adminPass: z.string().optional(),
    links: z.array(linkSchema).optional(),
    security_groups: z.array(z.object({ name: z.string() }).loose()).optional(),
  })
  .loose();

export type CreatedServer = z.infer<typeof createdServerSchema>;

export const flavorSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    vcpus: z.number().optional(),
    ram: z.number().optional(),
    disk: z.number().optional(),
    'OS-FLV-EXT-DATA:ephemeral': z.number().optional(),
    swap: z.union([z.number(), z.string()]).optional(),
    'os-flavor-access:is_public': z.boolean().optional(),
    extra_specs: z.record(z.string(), z.string()).optional(),
  })
  .loose();

export type Flavor = z.infer<typeof flavorSchema>;

/** `GET /flavors/{id}/os-extra_specs`; null values dropped, non-strings in their JSON form, none as {}. */
export const extraSpecsSchema = z
  .object({
    extra_specs: z
      .record(z.string(), z.unknown())
      .optional()
      .transform((specs) => {
        const out: Record<string, string> = {};
        for (const [key, value] of Object.entries(specs ?? {})) {
          if (typeof value === 'string') out[key] = value;
          else if (value !== null && value !== undefined) out[key] = JSON.stringify(value);
        }
        return out;
      }),
  })
  .loose();

export const keypairSchema = z
  .object({
    name: z.string(),
    public_key: z.string().optional(),
    fingerprint: z.string().optional(),
    type: z.string().optional(),
    private_key: z.string().optional(),
    user_id: z.string().optional(),
  })
  .loose();

export type Keypair = z.infer<typeof keypairSchema>;

/** `GET /limits`: absolute limits with their usage. */
export const limitsSchema = z
  .object({
    absolute: z.record(z.string(), z.number()),
    rate: z.array(z.unknown()).optional(),
  })
  .loose();

export type ComputeLimits = z.infer<typeof limitsSchema>;

const quotaDetailSchema = z
  .object({ limit: z.number(), in_use: z.number(), reserved: z.number().optional() })
  .loose();

export type QuotaDetail = z.infer<typeof quotaDetailSchema>;

/** `GET /os-quota-sets/{project_id}/detail`. */
export const computeQuotaSetSchema = z
  .object({
    id: z.string().optional(),
    cores: quotaDetailSchema.optional(),
    instances: quotaDetailSchema.optional(),
    ram: quotaDetailSchema.optional(),
    key_pairs: quotaDetailSchema.optional(),
    server_groups: quotaDetailSchema.optional(),
    server_group_members: quotaDetailSchema.optional(),
    metadata_items: quotaDetailSchema.optional(),
  })
  .loose();

export type ComputeQuotaSet = z.infer<typeof computeQuotaSetSchema>;

/** `GET /os-quota-sets/{project_id}`: plain limits (-1 for unlimited), every key kept. */
export const computeQuotaLimitsSchema = z
  .object({
    id: z.string().optional(),
    cores: z.number().optional(),
    instances: z.number().optional(),
    ram: z.number().optional(),
    key_pairs: z.number().optional(),
    server_groups: z.number().optional(),
    server_group_members: z.number().optional(),
    metadata_items: z.number().optional(),
  })
  .loose();

export type ComputeQuotaLimits = z.infer<typeof computeQuotaLimitsSchema>;

export const remoteConsoleSchema = z
  .object({ protocol: z.string(), type: z.string(), url: z.string() })
  .loose();

export type RemoteConsole = z.infer<typeof remoteConsoleSchema>;

/** `POST /servers/{id}/action` with `os-getConsoleOutput`. */
export const consoleOutputSchema = z.object({ output: z.string() }).loose();

/** One server's share of a tenant usage (`detailed=1`, or the per-project call). */
export const serverUsageSchema = z
  .object({
    instance_id: z.string(),
    name: z.string().optional(),
    tenant_id: z.string().optional(),
    flavor: z.string().optional(),
    state: z.string().optional(),
    hours: z.number(),
    vcpus: z.number().optional(),
    memory_mb: z.number().optional(),
    local_gb: z.number().optional(),
    started_at: z.string().nullish(),
    ended_at: z.string().nullish(),
    uptime: z.number().optional(),
  })
  .loose();

export type ServerUsage = z.infer<typeof serverUsageSchema>;

/** A project's usage over [start, stop): totals in hours, GiB-hours, MiB-hours, VCPU-hours. */
export const tenantUsageSchema = z
  .object({
    tenant_id: z.string(),
    start: z.string().optional(),
    stop: z.string().optional(),
    total_hours: z.number(),
    total_vcpus_usage: z.number(),
    total_memory_mb_usage: z.number(),
    total_local_gb_usage: z.number(),
    server_usages: z.array(serverUsageSchema).optional(),
  })
  .loose();

export type TenantUsage = z.infer<typeof tenantUsageSchema>;

/** A volume attached to a server, as Nova's `os-volume_attachments` describes it. */
export const volumeAttachmentSchema = z
  .object({
    id: z.string().optional(),
    serverId: z.string(),
    volumeId: z.string(),
    device: z.string().nullish(),
    tag: z.string().nullish(),
    delete_on_termination: z.boolean().optional(),
    attachment_id: z.string().optional(),
    bdm_uuid: z.string().optional(),
  })
  .loose();

export type VolumeAttachment = z.infer<typeof volumeAttachmentSchema>;

/** One entry of a compute version document. */
export const computeVersionSchema = z
  .object({
    id: z.string().optional(),
    status: z.string().optional(),
    version: z.string().optional(),
    min_version: z.string().optional(),
  })
  .loose();

export type ComputeVersion = z.infer<typeof computeVersionSchema>;
