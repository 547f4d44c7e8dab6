import type { Glue21Document, GlueAccelerator, GlueImage } from '@fedcloud/sdk/glue2';
import type { SiteFlavor, SiteImage } from '../api-types.js';

/**
 * What readers need from one published document, computed once per document (parsing and
 * walking the associations of a 300-entity document is the expensive part of every read).
 */
export interface DerivedImage {
  id: string;
  /** The entity's Name, '' when absent (cloud-info-api's default). */
  name: string;
  marketplaceUrl: string | null;
  osName: string;
  osVersion: string | null;
  osPlatform: string;
  /** cloud-info-api's egi_id: only for registry.egi.eu images; null otherwise. */
  egiId: string | null;
  /** cloud-info-api's version: eu.egi.cloud.tag of registry.egi.eu images, else ''. */
  version: string;
}

/** A flavor as the native API lists it, before it is repeated for each VO that sees it. */
type DerivedFlavor = Omit<SiteFlavor, 'vo'>;

export interface DerivedShare {
  id: string;
  name: string;
  vo: string;
  projectId: string;
  projectName: string;
  images: DerivedImage[];
  flavors: DerivedFlavor[];
}

export interface DerivedInfo {
  /** URL of the first CloudComputingEndpoint (cloud-info-api's site url). */
  endpointUrl: string;
  /** Service OtherInfo.gocdb_id, when the publisher looked itself up in the GOCDB. */
  gocdbId: string | null;
  /** Endpoint OtherInfo.region, when the publisher named the site's region. */
  region: string | null;
  /** Shares reachable through a mapping policy, in document order. */
  shares: DerivedShare[];
  counts: { shares: number; images: number; instanceTypes: number };
}

const REGISTRY_HOST = 'registry.egi.eu';

/** An OtherInfo value as the text pydantic would coerce it to (str field). */
function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** cloud-info-api's get_mp_image_data: EGI identity only for images from registry.egi.eu. */
export function deriveImage(image: GlueImage): DerivedImage {
  const otherInfo = image.OtherInfo ?? {};
  const legacyUrl = (image as { MarketPlaceURL?: unknown }).MarketPlaceURL;
  const marketplaceUrl =
    image.MarketplaceURL ?? (typeof legacyUrl === 'string' ? legacyUrl : undefined) ?? null;
  let egiId: string | null = null;
  let version = '';
  if (marketplaceUrl?.includes(REGISTRY_HOST)) {
    const ref = otherInfo['eu.egi.cloud.image_ref'];
    const tag = otherInfo['eu.egi.cloud.tag'];
    egiId = ref === undefined || ref === null ? marketplaceUrl : asText(ref);
    version = tag === undefined || tag === null ? '' : asText(tag);
  }
  return {
    id: image.ID,
    name: image.Name ?? '',
    marketplaceUrl,
    osName: image.OSName,
    osVersion: image.OSVersion ?? null,
    osPlatform: image.OSPlatform,
    egiId,
    version,
  };
}

function acceleratorsOf(
  itypeId: string,
  links: string[] | undefined,
  byId: Map<string, GlueAccelerator>,
  byType: Map<string, GlueAccelerator[]>,
): GlueAccelerator[] {
  const found = new Map<string, GlueAccelerator>();
  for (const id of links ?? []) {
    const acc = byId.get(id);
    if (acc) found.set(acc.ID, acc);
  }
  for (const acc of byType.get(itypeId) ?? []) if (!found.has(acc.ID)) found.set(acc.ID, acc);
  return [...found.values()];
}

export function deriveInfo(document: Glue21Document): DerivedInfo {
  const accById = new Map<string, GlueAccelerator>();
  const accByType = new Map<string, GlueAccelerator[]>();
  for (const acc of document.CloudComputingVirtualAccelerator) {
    if (!accById.has(acc.ID)) accById.set(acc.ID, acc);
    for (const typeId of acc.Associations?.CloudComputingInstanceType ?? []) {
      const list = accByType.get(typeId) ?? [];
      if (!list.some((a) => a.ID === acc.ID)) list.push(acc);
      accByType.set(typeId, list);
    }
  }

  const shares: DerivedShare[] = [];
  for (const share of document.Share) {
    const policy = document.MappingPolicy.find((p) => p.Associations?.Share?.includes(share.ID));
    const vo = policy?.Associations?.PolicyUserDomain?.[0];
    if (!vo) continue;
    const images = document.CloudComputingImage.filter((image) =>
      image.Associations?.Share?.includes(share.ID),
    ).map(deriveImage);
    const flavors = document.CloudComputingInstanceType.filter((itype) =>
      itype.Associations?.Share?.includes(share.ID),
    ).map((itype): DerivedFlavor => {
      const accs = acceleratorsOf(
        itype.ID,
        itype.Associations?.CloudComputingVirtualAccelerator,
        accById,
        accByType,
      );
      const gpus = accs.filter((a) => a.Type.toUpperCase() === 'GPU');
      return {
        id: itype.ID,
        name: itype.Name ?? itype.ID,
        cpu: itype.CPU,
        ramMb: itype.RAM,
        diskGb: itype.Disk,
        gpus: gpus.reduce((sum, a) => sum + a.Number, 0),
        gpuVendor: gpus.find((a) => a.Vendor !== undefined)?.Vendor ?? null,
        gpuModel: gpus.find((a) => a.Model !== undefined)?.Model ?? null,
      };
    });
    const projectName = share.OtherInfo?.project_name;
    shares.push({
      id: share.ID,
      name: share.Name ?? share.ID,
      vo,
      projectId: share.ProjectID,
      projectName: typeof projectName === 'string' ? projectName : '',
      images,
      flavors,
    });
  }
  const gocdbId = document.CloudComputingService[0]?.OtherInfo?.gocdb_id;
  const region = document.CloudComputingEndpoint[0]?.OtherInfo?.region;
  return {
    endpointUrl: document.CloudComputingEndpoint[0]?.URL ?? '',
    gocdbId: typeof gocdbId === 'string' && gocdbId !== '' ? gocdbId : null,
    region: typeof region === 'string' && region !== '' ? region : null,
    shares,
    counts: {
      shares: document.Share.length,
      images: document.CloudComputingImage.length,
      instanceTypes: document.CloudComputingInstanceType.length,
    },
  };
}

function sharesOf(info: DerivedInfo, vo: string | undefined): DerivedShare[] {
  return vo === undefined ? info.shares : info.shares.filter((share) => share.vo === vo);
}

/** The native API's image rows: one per (share, image), so a VO sees exactly its project's list. */
export function siteImagesOf(info: DerivedInfo, vo?: string): SiteImage[] {
  return sharesOf(info, vo).flatMap((share) =>
    share.images.map((image) => ({
      id: image.id,
      name: image.name,
      vo: share.vo,
      projectId: share.projectId,
      marketplaceUrl: image.marketplaceUrl,
      osName: image.osName,
      osVersion: image.osVersion,
      osPlatform: image.osPlatform,
      egiId: image.egiId,
    })),
  );
}

export function siteFlavorsOf(info: DerivedInfo, vo?: string): SiteFlavor[] {
  return sharesOf(info, vo).flatMap((share) =>
    share.flavors.map((flavor) => ({
      id: flavor.id,
      name: flavor.name,
      vo: share.vo,
      cpu: flavor.cpu,
      ramMb: flavor.ramMb,
      diskGb: flavor.diskGb,
      gpus: flavor.gpus,
      gpuVendor: flavor.gpuVendor,
      gpuModel: flavor.gpuModel,
    })),
  );
}
