import { NOVA_SERVICE_TYPE } from '@fedcloud/sdk';
import { GLUE21_DEFAULT_VALIDITY_SECONDS, STALE_SHARE_INFO } from '@fedcloud/sdk/glue2';
import {
  DEFAULT_FLAVOR_PROPERTY_KEYS,
  type BuildOptions,
  type FlavorInfo,
  type FlavorPropertyKeys,
  type GlueDocument,
  type ImageInfo,
  type ShareInfo,
  type SiteInfo,
} from './types.js';

/**
 * The GLUE 2.1 document cloud-info-provider 1.x (providers/openstack.py + formatters/glue.py)
 * writes for the same site, entity for entity: the same ids, names, associations, OtherInfo,
 * field order and list order, and its quirks (see the comments below). Pure: no I/O, no clock.
 * https://github.com/EGI-Federation/cloud-info-provider
 */
export interface BuildResult {
  document: GlueDocument;
  /** Things left out or defaulted, for the operator (never fatal). */
  warnings: string[];
}

type Entity = Record<string, unknown>;

const SERVICE_CAPABILITIES = ['executionmanagement.dynamicvmdeploy', 'security.accounting'];
const HEALTHY = { state: 'ok', info: 'Endpoint functioning properly' };
const NO_AUTH = { state: 'unknown', info: 'No working authentication configured' };
/** The quota resources the provider copies from Nova's quota set, in its order. */
const QUOTA_RESOURCES = [
  'instances',
  'cores',
  'ram',
  'floating_ips',
  'fixed_ips',
  'metadata_items',
  'injected_files',
  'injected_file_content_bytes',
  'injected_file_path_bytes',
  'key_pairs',
  'security_groups',
  'security_group_rules',
  'server_groups',
  'server_group_members',
] as const;

function serviceId(endpoint: string): string {
  return `${endpoint}_cloud.compute`;
}
function managerId(endpoint: string): string {
  return `${endpoint}_cloud.compute_manager`;
}
function endpointId(endpoint: string): string {
  return `${endpoint}_OpenStack_v3`;
}
function shareId(endpoint: string, vo: string, projectId: string): string {
  return `${endpointId(endpoint)}_share_${vo}_${projectId}`;
}

export function buildGlueDocument(site: SiteInfo, options: BuildOptions): BuildResult {
  const warnings: string[] = [];
  const keys: FlavorPropertyKeys = { ...DEFAULT_FLAVOR_PROPERTY_KEYS, ...options.flavorProperties };
  const selection = options.selectFlavors ?? 'all';
  // Classes appear in the order the provider first adds an object of each (a dict keyed by class).
  const classes = new Map<string, Entity[]>();
  const add = (className: string, entity: Entity): void => {
    const list = classes.get(className);
    if (list) list.push(entity);
    else classes.set(className, [entity]);
  };
  const base = (id: string, name?: string): Entity => ({
    ID: id,
    Validity: options.validitySeconds ?? GLUE21_DEFAULT_VALIDITY_SECONDS,
    CreationTime: pythonIsoFormat(options.creationTime),
    ...(name === undefined ? {} : { Name: name }),
  });

  const svcId = serviceId(site.endpoint);
  const mgrId = managerId(site.endpoint);
  const eptId = endpointId(site.endpoint);

  const service: Entity = {
    ...base(svcId, `Cloud Compute service at ${site.siteName}`),
    ...(Object.keys(site.gocdb).length > 0 ? { OtherInfo: { ...site.gocdb } } : {}),
    Associations: { AdminDomain: [site.siteName] },
  };
  add('CloudComputingService', service);
  const manager: Entity = { ...base(mgrId), Associations: { CloudComputingService: [svcId] } };
  add('CloudComputingManager', manager);
  let health = HEALTHY;
  const endpointEntity = (): Entity => ({
    ...base(eptId, `Cloud computing endpoint for ${eptId}`),
    Associations: { CloudComputingService: [svcId] },
    Capability: [],
    QualityLevel: 'production',
    // GLUE2's interface name is the GOCDB service type, as cloud-info-provider writes it.
    InterfaceName: NOVA_SERVICE_TYPE,
    ...(site.nova ? { InterfaceVersion: site.nova.interfaceVersion } : {}),
    HealthState: health.state,
    HealthStateInfo: health.info,
    ServingState: 'production',
    Technology: 'webservice',
    Implementor: 'OpenStack Foundation',
    ImplementationName: 'OpenStack Nova',
    ...(site.nova?.implementationVersion === undefined
      ? {}
      : { ImplementationVersion: site.nova.implementationVersion }),
    DowntimeInfo: `https://goc.egi.eu/portal/index.php?Page_Type=Downtimes_Calendar&site=${site.siteName}`,
    Semantics: 'https://developer.openstack.org/api-ref/compute',
    ...(site.authentication === undefined ? {} : { Authentication: site.authentication }),
    IssuerCA: site.ca.issuer,
    TrustedCA: [...site.ca.trustedCas],
    URL: site.endpoint,
    ...(site.auditorRole === undefined && site.region === undefined
      ? {}
      : {
          OtherInfo: {
            ...(site.auditorRole === undefined ? {} : { auditor_role: site.auditorRole }),
            ...(site.region === undefined ? {} : { region: site.region }),
          },
        }),
  });
  // The endpoint's slot comes third; its health is known only after the shares.
  add('CloudComputingEndpoint', {});

  const totals = { total: 0, running: 0, halted: 0, suspended: 0 };
  // Quirk: the manager gets the *last* share's maxima, and minima of min(0, x), i.e. always 0.
  let managerMax = { cpu: 0, ram: 0 };
  const rules: string[] = [];
  let shareCount = 0;

  for (const outcome of site.shares) {
    let share: ShareInfo;
    let stale: Record<string, string> = {};
    if (outcome.ok) {
      share = outcome.share;
    } else {
      // Quirk: the last failing VO's message is the one the endpoint keeps.
      health = { state: 'warning', info: outcome.error };
      // cloud-info-provider leaves the VO out; a fedcloud agent keeps its last reading, marked.
      if (!outcome.lastGood) continue;
      share = outcome.lastGood.share;
      stale = {
        [STALE_SHARE_INFO.reason]: outcome.error,
        ...(outcome.lastGood.at ? { [STALE_SHARE_INFO.lastGoodAt]: outcome.lastGood.at } : {}),
      };
    }
    const id = shareId(site.endpoint, share.vo, share.projectId);
    const shareRefs = { svcId, eptId, mgrId, shareId: id };

    for (const image of share.images) {
      const entity = imageEntity(image, share, base, shareRefs, options, warnings);
      if (entity) add('CloudComputingImage', entity);
    }

    const cpus: number[] = [];
    const rams: number[] = [];
    for (const flavor of share.flavors) {
      if (!selected(flavor, selection)) continue;
      const accelerator = acceleratorEntity(flavor, keys, base, warnings);
      add('CloudComputingInstanceType', {
        ...base(flavor.id, flavor.name),
        Associations: {
          Share: [id],
          CloudComputingEndpoint: [eptId],
          CloudComputingManager: [mgrId],
          ...(accelerator ? { CloudComputingVirtualAccelerator: [accelerator.ID] } : {}),
        },
        Platform: 'amd64',
        CPU: flavor.vcpus,
        RAM: flavor.ram,
        Disk: flavor.disk,
        NetworkIn: 'UNKNOWN',
        NetworkOut: true,
      });
      if (accelerator) add('CloudComputingVirtualAccelerator', accelerator);
      cpus.push(flavor.vcpus);
      rams.push(flavor.ram);
    }
    const maxCpu = cpus.length > 0 ? Math.max(...cpus) : 0;
    const maxRam = rams.length > 0 ? Math.max(...rams) : 0;

    const quotas: Record<string, number> = {};
    for (const resource of QUOTA_RESOURCES) {
      const value = share.quotas[resource];
      if (value !== undefined) quotas[resource] = value;
    }
    const vms = countVms(share.serverStatuses);
    add('Share', {
      ...base(id, `${share.vo} - ${share.projectId} share`),
      OtherInfo: {
        project_name: share.projectName,
        project_domain_name: share.projectDomainName,
        quotas,
        ...stale,
      },
      Associations: { CloudComputingService: [svcId], CloudComputingEndpoint: [eptId] },
      InstanceMaxCPU: maxCpu,
      InstanceMaxRAM: maxRam,
      TotalVM: vms.total,
      RunningVM: vms.running,
      SuspendedVM: vms.suspended,
      HaltedVM: vms.halted,
      MaxVM: quotas['instances'] ?? 0,
      ProjectID: share.projectId,
    });
    shareCount += 1;
    managerMax = { cpu: Math.max(0, maxCpu), ram: Math.max(0, maxRam) };

    const rule = `VO:${share.vo}`;
    rules.push(rule);
    add('MappingPolicy', {
      ...base(`${id}_Policy`),
      Associations: { Share: [id], PolicyUserDomain: [share.vo] },
      Rule: [rule],
      Scheme: 'org.glite.standard',
    });
    totals.total += vms.total;
    totals.running += vms.running;
    totals.halted += vms.halted;
    totals.suspended += vms.suspended;
  }

  add('AccessPolicy', {
    ...base(`${eptId}_policy`),
    Associations: { CloudComputingEndpoint: [eptId] },
    Rule: rules,
    Scheme: 'org.glite.standard',
  });

  Object.assign(service, {
    Type: 'org.cloud.iaas',
    QualityLevel: 'production',
    StatusInfo: `https://argo.egi.eu/egi/report-status/Critical/SITES/${site.siteName}`,
    ServiceAUP: 'http://go.egi.eu/aup',
    Complexity: `endpointType=1,share=${shareCount}`,
    Capability: [...SERVICE_CAPABILITIES],
    TotalVM: totals.total,
    RunningVM: totals.running,
    SuspendedVM: totals.suspended,
    HaltedVM: totals.halted,
  });
  Object.assign(manager, {
    InstanceMaxCPU: managerMax.cpu,
    InstanceMinCPU: 0,
    InstanceMaxRAM: managerMax.ram,
    InstanceMinRAM: 0,
  });
  if (!site.nova) health = NO_AUTH;
  classes.set('CloudComputingEndpoint', [endpointEntity()]);

  return { document: Object.fromEntries(classes) as GlueDocument, warnings };
}

interface Refs {
  svcId: string;
  eptId: string;
  mgrId: string;
  shareId: string;
}

function selected(flavor: FlavorInfo, selection: BuildOptions['selectFlavors']): boolean {
  if (selection === 'public') return flavor.isPublic;
  if (selection === 'private') return !flavor.isPublic;
  return true;
}

/** Quirk: every status but SHUTOFF and SUSPENDED counts as running, errors and builds included. */
export function countVms(statuses: readonly string[]): {
  total: number;
  running: number;
  halted: number;
  suspended: number;
} {
  let running = 0;
  let halted = 0;
  let suspended = 0;
  for (const status of statuses) {
    if (status === 'SHUTOFF') halted += 1;
    else if (status === 'SUSPENDED') suspended += 1;
    else running += 1;
  }
  return { total: running + halted + suspended, running, halted, suspended };
}

function imageEntity(
  image: ImageInfo,
  share: ShareInfo,
  base: (id: string, name?: string) => Entity,
  refs: Refs,
  options: BuildOptions,
  warnings: string[],
): Entity | undefined {
  const description =
    stringProp(image, 'vmcatcher_event_dc_description') ??
    stringProp(image, 'vmcatcher_event_dc_title') ??
    'UNKNOWN';
  // Python's `or`: an empty marketplace URL counts as none.
  let marketplaceUrl =
    stringProp(image, 'vmcatcher_event_ad_mpuri') ?? stringProp(image, 'marketplace');
  if (!marketplaceUrl) {
    if (options.onlyAppdbImages) return undefined;
    marketplaceUrl = joinUrl(share.imageEndpoint, stringProp(image, 'file'));
  }

  const otherInfo: Record<string, unknown> = {};
  const attributes = applianceAttributes(image, warnings);
  // AppDB and cloud-info-api read `base_mpuri`; image sync (atrope) writes `ad:base_mpuri`.
  if ('ad:base_mpuri' in attributes) otherInfo['base_mpuri'] = attributes['ad:base_mpuri'];
  Object.assign(otherInfo, attributes);

  const name = typeof image['name'] === 'string' ? image['name'] : undefined;
  return {
    ...base(image.id, name),
    ...(Object.keys(otherInfo).length > 0 ? { OtherInfo: otherInfo } : {}),
    Associations: {
      Share: [refs.shareId],
      CloudComputingEndpoint: [refs.eptId],
      CloudComputingManager: [refs.mgrId],
    },
    MarketplaceURL: marketplaceUrl,
    OSPlatform: stringProp(image, 'architecture') ?? 'UNKNOWN',
    OSName: stringProp(image, 'os_distro') ?? 'UNKNOWN',
    OSVersion: stringProp(image, 'os_version') ?? 'UNKNOWN',
    Description: description,
    AccessInfo: 'none',
  };
}

function applianceAttributes(image: ImageInfo, warnings: string[]): Record<string, unknown> {
  const raw = image['APPLIANCE_ATTRIBUTES'];
  if (raw === undefined || raw === null) return {};
  try {
    const parsed: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // reported below
  }
  warnings.push(`image ${image.id}: APPLIANCE_ATTRIBUTES is not a JSON object; ignored`);
  return {};
}

/** An accelerator when the GPU-number extra spec is set (any non-empty value, "0" included). */
function acceleratorEntity(
  flavor: FlavorInfo,
  keys: FlavorPropertyKeys,
  base: (id: string, name?: string) => Entity,
  warnings: string[],
): Entity | undefined {
  const number = flavor.extraSpecs[keys.gpuNumber];
  if (!number) return undefined;
  if (!/^\s*\+?\d+\s*$/.test(number)) {
    warnings.push(
      `flavor ${flavor.name} (${flavor.id}): ${keys.gpuNumber}=${JSON.stringify(number)} is not a whole number; no accelerator published`,
    );
    return undefined;
  }
  // 1.x publishes only number, vendor and model (memory and virtualisation type are read, unused).
  return {
    ...base(`${flavor.id}_gpu`, `${flavor.name}_gpu`),
    Associations: { CloudComputingInstanceType: [flavor.id] },
    Type: 'GPU',
    Number: Number.parseInt(number.trim(), 10),
    Vendor: flavor.extraSpecs[keys.gpuVendor] || 'UNKNOWN',
    Model: flavor.extraSpecs[keys.gpuModel] || 'UNKNOWN',
    ComputeCapability: [],
  };
}

function stringProp(image: ImageInfo, key: string): string | undefined {
  const value = image[key];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Python's `urljoin` for the cases Glance produces (`/v2/images/<id>/file`). */
function joinUrl(base: string, path: string | undefined): string {
  if (!path) return base;
  try {
    return new URL(path, base).toString();
  } catch {
    return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  }
}

/** `datetime.isoformat()` of an aware UTC datetime: microseconds only when non-zero, `+00:00`. */
export function pythonIsoFormat(date: Date): string {
  const iso = date.toISOString(); // 2026-01-02T03:04:05.678Z
  const seconds = iso.slice(0, 19);
  const millis = date.getUTCMilliseconds();
  return millis === 0
    ? `${seconds}+00:00`
    : `${seconds}.${String(millis).padStart(3, '0')}000+00:00`;
}
