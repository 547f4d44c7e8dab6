import { z } from 'zod';

/**
 * GLUE 2.1 JSON exactly as cloud-info-provider 1.x writes it (formatters/glue.py): one object keyed
 * by class name, each a list of entities. Keys are GLUE's CamelCase; absent optional values are
 * left out, never null. `BoolEnum` values are true, false or the string "UNKNOWN".
 * Unknown keys are kept (z.looseObject) because newer providers add fields that readers ignore.
 */

const boolEnum = z.union([z.boolean(), z.literal('UNKNOWN')]);
const isoDate = z.string().refine((value) => !Number.isNaN(Date.parse(value)), {
  message: 'expected an ISO 8601 date-time',
});

const entity = {
  ID: z.string().min(1),
  Name: z.string().optional(),
  CreationTime: isoDate,
  /** Seconds after CreationTime during which the entity is valid (provider default 43200). */
  Validity: z.number().int().positive(),
  OtherInfo: z.record(z.string(), z.unknown()).optional(),
  /** Class name (or PolicyUserDomain, AdminDomain) -> ids of associated entities. */
  Associations: z.record(z.string(), z.array(z.string())).optional(),
};

export const glueServiceSchema = z.looseObject({
  ...entity,
  Type: z.string(),
  QualityLevel: z.string(),
  StatusInfo: z.string(),
  ServiceAUP: z.string(),
  Complexity: z.string().optional(),
  Capability: z.array(z.string()),
  TotalVM: z.number().int().nonnegative().optional(),
  RunningVM: z.number().int().nonnegative().optional(),
  SuspendedVM: z.number().int().nonnegative().optional(),
  HaltedVM: z.number().int().nonnegative().optional(),
});

export const glueManagerSchema = z.looseObject({
  ...entity,
  ProductName: z.string().optional(),
  ProductVersion: z.string().optional(),
  HypervisorName: z.string().optional(),
  HypervisorVersion: z.string().optional(),
  TotalCPUs: z.number().int().optional(),
  TotalRAM: z.number().int().optional(),
  InstanceMaxCPU: z.number().int().optional(),
  InstanceMinCPU: z.number().int().optional(),
  InstanceMaxRAM: z.number().int().optional(),
  InstanceMinRAM: z.number().int().optional(),
  NetworkVirtualizationType: z.string().optional(),
  CPUVirtualizationType: z.string().optional(),
  ManagerVirtualdiskFormat: z.string().optional(),
  ManagerFailover: boolEnum.optional(),
  ManagerLiveMigration: boolEnum.optional(),
  ManagerVMBackupRestore: boolEnum.optional(),
});

export const glueEndpointSchema = z.looseObject({
  ...entity,
  URL: z.url(),
  Capability: z.array(z.string()),
  QualityLevel: z.string(),
  InterfaceName: z.string(),
  InterfaceVersion: z.string().optional(),
  HealthState: z.string(),
  HealthStateInfo: z.string().optional(),
  ServingState: z.string(),
  Technology: z.string(),
  Implementor: z.string().optional(),
  ImplementationName: z.string().optional(),
  ImplementationVersion: z.string().optional(),
  DowntimeInfo: z.string().optional(),
  Semantics: z.string().optional(),
  Authentication: z.string().optional(),
  IssuerCA: z.string().optional(),
  TrustedCA: z.array(z.string()).optional(),
});

export const glueShareSchema = z.looseObject({
  ...entity,
  InstanceMaxCPU: z.number().int().optional(),
  InstanceMaxRAM: z.number().int().optional(),
  SLA: z.string().optional(),
  TotalVM: z.number().int().nonnegative().optional(),
  RunningVM: z.number().int().nonnegative().optional(),
  SuspendedVM: z.number().int().nonnegative().optional(),
  HaltedVM: z.number().int().nonnegative().optional(),
  MaxVM: z.number().int().optional(),
  NetworkInfo: z.string().optional(),
  DefaultNetworkType: z.string().optional(),
  PublicNetworkName: z.string().optional(),
  ProjectID: z.string().min(1),
});

export const gluePolicySchema = z.looseObject({
  ...entity,
  Scheme: z.string(),
  Rule: z.array(z.string()),
});

export const glueImageSchema = z.looseObject({
  ...entity,
  /** Provider 1.x spelling; cloud-info-api also reads `MarketPlaceURL`. */
  MarketplaceURL: z.string().optional(),
  OSPlatform: z.string(),
  OSName: z.string(),
  OSVersion: z.string().optional(),
  Description: z.string().optional(),
  AccessInfo: z.string(),
});

export const glueInstanceTypeSchema = z.looseObject({
  ...entity,
  Platform: z.string(),
  CPU: z.number().int().nonnegative(),
  RAM: z.number().int().nonnegative(),
  Disk: z.number().int().nonnegative(),
  NetworkIn: boolEnum,
  NetworkOut: boolEnum,
  NetworkInfo: z.string().optional(),
});

export const glueAcceleratorSchema = z.looseObject({
  ...entity,
  Type: z.string(),
  Number: z.number().int().nonnegative(),
  Vendor: z.string().optional(),
  Model: z.string().optional(),
  Version: z.string().optional(),
  ClockSpeed: z.number().int().optional(),
  Memory: z.number().int().optional(),
  ComputeCapability: z.array(z.string()),
  VirtualizationType: z.string().optional(),
});

/** The whole document a site publishes. Only the service and its endpoint are mandatory. */
export const glue21DocumentSchema = z.looseObject({
  CloudComputingService: z.array(glueServiceSchema).length(1),
  CloudComputingManager: z.array(glueManagerSchema).default([]),
  CloudComputingEndpoint: z.array(glueEndpointSchema).min(1),
  Share: z.array(glueShareSchema).default([]),
  MappingPolicy: z.array(gluePolicySchema).default([]),
  AccessPolicy: z.array(gluePolicySchema).default([]),
  CloudComputingImage: z.array(glueImageSchema).default([]),
  CloudComputingInstanceType: z.array(glueInstanceTypeSchema).default([]),
  CloudComputingVirtualAccelerator: z.array(glueAcceleratorSchema).default([]),
});

export type GlueService = z.infer<typeof glueServiceSchema>;
export type GlueManager = z.infer<typeof glueManagerSchema>;
export type GlueEndpoint = z.infer<typeof glueEndpointSchema>;
export type GlueShare = z.infer<typeof glueShareSchema>;
export type GluePolicy = z.infer<typeof gluePolicySchema>;
export type GlueImage = z.infer<typeof glueImageSchema>;
export type GlueInstanceType = z.infer<typeof glueInstanceTypeSchema>;
export type GlueAccelerator = z.infer<typeof glueAcceleratorSchema>;
export type Glue21Document = z.infer<typeof glue21DocumentSchema>;

/** The class names in the order cloud-info-provider emits them. */
export const GLUE21_CLASSES = [
  'CloudComputingService',
  'CloudComputingManager',
  'CloudComputingEndpoint',
  'Share',
  'MappingPolicy',
  'AccessPolicy',
  'CloudComputingImage',
  'CloudComputingInstanceType',
  'CloudComputingVirtualAccelerator',
] as const;

/** cloud-info-provider's default validity: 12 hours. */
export const GLUE21_DEFAULT_VALIDITY_SECONDS = 43_200;

/**
 * Share OtherInfo keys a fedcloud agent adds to a share it could not read this cycle and
 * publishes from its last good reading instead (GLUE 2.1 leaves OtherInfo to implementations;
 * readers that do not know these keys see the last good share, as they should).
 */
export const STALE_SHARE_INFO = {
  /** Why the project could not be read. */
  reason: 'fedcloud_stale_reason',
  /** ISO 8601 instant of the last good reading; absent when the agent never read it. */
  lastGoodAt: 'fedcloud_last_good_at',
} as const;

/** The stale mark of a share, or undefined for a share read this cycle. */
export function staleMarkOf(share: {
  OtherInfo?: Record<string, unknown> | undefined;
}): { reason: string; lastGoodAt: string | null } | undefined {
  const reason = share.OtherInfo?.[STALE_SHARE_INFO.reason];
  if (typeof reason !== 'string' || reason === '') return undefined;
  const lastGoodAt = share.OtherInfo?.[STALE_SHARE_INFO.lastGoodAt];
  return { reason, lastGoodAt: typeof lastGoodAt === 'string' ? lastGoodAt : null };
}
