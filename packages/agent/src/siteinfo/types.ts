import type { glue21DocumentSchema } from '@fedcloud/sdk/glue2';
import type { z } from 'zod';

/**
 * What collection reads from a site and the GLUE builder turns into a document. Plain data: the
 * builder is a pure function of these, so every quirk of cloud-info-provider is unit-tested
 * without a site.
 */

/** A Nova flavor with its extra specs (`nova flavor show` properties). */
export interface FlavorInfo {
  id: string;
  name: string;
  vcpus: number;
  /** MiB */
  ram: number;
  /** GiB */
  disk: number;
  isPublic: boolean;
  extraSpecs: Record<string, string>;
}

/**
 * A Glance v2 image as the API returns it: custom properties (`os_distro`, `APPLIANCE_ATTRIBUTES`,
 * `vmcatcher_event_ad_mpuri`, ...) are top-level keys.
 */
export type ImageInfo = { id: string } & Record<string, unknown>;

/** One VO's project, read through a token scoped to it. */
export interface ShareInfo {
  vo: string;
  /** The project the token is scoped to (cloud-info-provider: `session.get_project_id()`). */
  projectId: string;
  projectName: string | null;
  projectDomainName: string | null;
  /** Glance endpoint from the catalogue: images without a marketplace URL link to their file. */
  imageEndpoint: string;
  images: ImageInfo[];
  flavors: FlavorInfo[];
  /** Nova quota set (`GET /os-quota-sets/{project}`); `{}` when Nova refused to show it. */
  quotas: Record<string, number>;
  /** Status of each of the project's servers. */
  serverStatuses: string[];
}

/**
 * A VO's project as one cycle found it. A failed one may carry the share as last read (`at`
 * null for a stand-in with no images or flavors, when the agent has never read it): it is then
 * published from that reading, marked stale with the reason, instead of being left out.
 */
export type ShareOutcome =
  | { ok: true; share: ShareInfo }
  | {
      ok: false;
      vo: string;
      projectId: string;
      error: string;
      lastGood?: { share: ShareInfo; at: string | null };
    };

/** Where the site's Keystone certificate comes from (`UNKNOWN` when it cannot be checked). */
export interface EndpointCaInfo {
  issuer: string;
  trustedCas: string[];
}

/** Nova's API versions as read through the last project that worked. */
export interface NovaVersion {
  /** The API version the client speaks (novaclient's `api_version`). */
  interfaceVersion: string;
  /** The current microversion of the Nova endpoint (`versions.get_current().version`). */
  implementationVersion?: string;
}

/** Everything about one site that one collection cycle gathered. */
export interface SiteInfo {
  /** GOCDB name (`gocdb:` in the site file). */
  siteName: string;
  /** Keystone URL exactly as the site file writes it (ids are built from it verbatim). */
  endpoint: string;
  /** `{gocdb_id, site_name}` of the matching GOCDB service, or `{}`. */
  gocdb: Record<string, string>;
  ca: EndpointCaInfo;
  /** keystoneauth plugin name the agent authenticates with, when one is configured. */
  authentication?: string;
  /** Absent when no VO project could be reached. */
  nova?: NovaVersion;
  /** `--auditor-role-cloud`'s finding; absent when not asked. */
  auditorRole?: boolean;
  /** The site file's `region`, published so that clients of the hub scope to it too. */
  region?: string;
  shares: ShareOutcome[];
}

/** cloud-info-provider's `--select-flavors`. */
export type FlavorSelection = 'all' | 'public' | 'private';

/** Extra spec keys read from flavors (`--property-flavor-gpu-*` defaults). */
export interface FlavorPropertyKeys {
  gpuNumber: string;
  gpuVendor: string;
  gpuModel: string;
  gpuMemory: string;
  gpuVirtualizationType: string;
}

export const DEFAULT_FLAVOR_PROPERTY_KEYS: FlavorPropertyKeys = {
  gpuNumber: 'Accelerator:Number',
  gpuVendor: 'Accelerator:Vendor',
  gpuModel: 'Accelerator:Model',
  gpuMemory: 'Accelerator:Memory',
  gpuVirtualizationType: 'Accelerator:VirtualizationType',
};

export interface BuildOptions {
  /** One instant for every entity, as the provider stamps a whole run with one time. */
  creationTime: Date;
  /** Seconds; default 43200. */
  validitySeconds?: number;
  selectFlavors?: FlavorSelection;
  /** `--only-appdb-images`: leave out images without a marketplace URL. */
  onlyAppdbImages?: boolean;
  flavorProperties?: Partial<FlavorPropertyKeys>;
}

/**
 * A GLUE 2.1 document as built: classes with no entity are absent, as in the provider's output
 * (the schema's defaults fill them in on parsing).
 */
export type GlueDocument = z.input<typeof glue21DocumentSchema>;
