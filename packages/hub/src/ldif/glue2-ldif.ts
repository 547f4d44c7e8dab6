import type { Glue21Document, GlueManager } from '@fedcloud/sdk/glue2';
import { parseGlueTime } from '../info/index.js';
import { childDn, type LdifEntry } from './ldif-writer.js';

/**
 * A site's GLUE 2.1 document as GLUE 2.0 LDAP entries, for a BDII-style LDAP server whose schema
 * (OGF GLUE20.schema, e.g. Debian's glue-schema) has no GLUE2CloudComputing* classes. This is how
 * cloud-info-provider's LDIF templates published clouds before GLUE 2.1 (service, manager and
 * endpoint as their Computing* subclasses, flavors as ExecutionEnvironments, images as
 * ApplicationEnvironments under GLUE2GroupID=cloud of the site's AdminDomain), with the shares and
 * policies the 2.1 document adds mapped onto ComputingShare, MappingPolicy and AccessPolicy.
 * Only attributes of GLUE20.schema are used; what has no GLUE 2.0 attribute goes into
 * GLUE2EntityOtherInfo as `Key=value`, so nothing published is lost.
 *
 *   o=glue
 *   └ GLUE2DomainID=<site>                      AdminDomain (+ Location, Contact)
 *     └ GLUE2GroupID=cloud
 *       └ GLUE2ServiceID=<service>              ComputingService
 *         ├ GLUE2ManagerID=<manager>            ComputingManager
 *         ├ GLUE2EndpointID=<endpoint>          ComputingEndpoint
 *         │ └ GLUE2PolicyID=<policy>            AccessPolicy
 *         ├ GLUE2ShareID=<share>                ComputingShare (one per VO)
 *         │ └ GLUE2PolicyID=<share>_Policy      MappingPolicy (Rule VO:<vo>, UserDomain <vo>)
 *         ├ GLUE2ResourceID=<flavor>            ExecutionEnvironment (instance type)
 *         └ GLUE2ApplicationEnvironmentID=<id>  ApplicationEnvironment (image)
 */
const GLUE_ROOT_DN = 'o=glue';

export interface LdifSite {
  name: string;
  officialName?: string;
  description?: string;
  homeUrl?: string;
  roc?: string;
  country?: string;
  latitude?: number | null;
  longitude?: number | null;
  contactEmail?: string;
}

type Scalar = string | number | boolean | null | undefined;

class Entry {
  readonly attributes: [string, string][] = [];
  constructor(
    readonly dn: string,
    objectClasses: string[],
  ) {
    for (const oc of objectClasses) this.attributes.push(['objectClass', oc]);
  }
  /** Skips absent and empty values: GLUE 2.0 strings are Directory Strings, never empty. */
  add(name: string, value: Scalar): this {
    if (value === undefined || value === null) return this;
    const text = typeof value === 'boolean' ? (value ? 'TRUE' : 'FALSE') : String(value);
    if (text !== '') this.attributes.push([name, text]);
    return this;
  }
  /** For INTEGER-syntax attributes: only whole numbers. */
  int(name: string, value: unknown): this {
    if (typeof value === 'number' && Number.isInteger(value)) this.add(name, value);
    return this;
  }
  all(name: string, values: readonly Scalar[] | undefined): this {
    for (const value of values ?? []) this.add(name, value);
    return this;
  }
  toLdif(): LdifEntry {
    return { dn: this.dn, attributes: this.attributes };
  }
}

/** `Key=value` lines for GLUE2EntityOtherInfo; nested objects as `key.sub=value`. */
export function otherInfoLines(value: unknown, prefix = ''): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((item) => otherInfoLines(item, prefix));
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) =>
      otherInfoLines(inner, prefix ? `${prefix}.${key}` : key),
    );
  }
  if (prefix === '') return [];
  const text =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : JSON.stringify(value);
  return [`${prefix}=${text}`];
}

/** The fields of an entity that no GLUE 2.0 attribute holds, as OtherInfo lines. */
function rest(entity: Record<string, unknown>, mapped: readonly string[]): string[] {
  const skip = new Set([
    'ID',
    'Name',
    'CreationTime',
    'Validity',
    'OtherInfo',
    'Associations',
    ...mapped,
  ]);
  return Object.entries(entity)
    .filter(([key]) => !skip.has(key))
    .flatMap(([key, value]) => otherInfoLines(value, key));
}

function glueTime(value: string): string {
  const ms = parseGlueTime(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function entity(e: Entry, source: { Name?: string; CreationTime: string; Validity: number }) {
  return e
    .add('GLUE2EntityName', source.Name)
    .add('GLUE2EntityCreationTime', glueTime(source.CreationTime))
    .add('GLUE2EntityValidity', source.Validity);
}

/** GLUE 2.0 ExtendedBoolean_t for GLUE 2.1's BoolEnum. */
function extendedBoolean(value: boolean | 'UNKNOWN'): string {
  return value === true ? 'TRUE' : value === false ? 'FALSE' : 'UNDEFINED';
}

export function rootEntry(): LdifEntry {
  return {
    dn: GLUE_ROOT_DN,
    attributes: [
      ['objectClass', 'organization'],
      ['o', 'glue'],
    ],
  };
}

/** The AdminDomain of a site with its Location, Contact and the cloud group. */
function domainEntries(site: LdifSite): LdifEntry[] {
  const domainDn = childDn('GLUE2DomainID', site.name, GLUE_ROOT_DN);
  const domain = new Entry(domainDn, ['GLUE2Entity', 'GLUE2Domain', 'GLUE2AdminDomain'])
    .add('GLUE2DomainID', site.name)
    .add('GLUE2EntityName', site.officialName || site.name)
    .add('GLUE2DomainDescription', site.description)
    .add('GLUE2DomainWWW', site.homeUrl)
    .add('GLUE2EntityOtherInfo', site.roc ? `EGI_NGI=${site.roc}` : undefined);
  const entries = [domain.toLdif()];
  const hasPlace =
    Boolean(site.country) ||
    typeof site.latitude === 'number' ||
    typeof site.longitude === 'number';
  if (hasPlace) {
    const id = `location.${site.name}`;
    entries.push(
      new Entry(childDn('GLUE2LocationID', id, domainDn), ['GLUE2Entity', 'GLUE2Location'])
        .add('GLUE2LocationID', id)
        .add('GLUE2LocationCountry', site.country)
        .add('GLUE2LocationLatitude', site.latitude)
        .add('GLUE2LocationLongitude', site.longitude)
        .add('GLUE2LocationDomainForeignKey', site.name)
        .toLdif(),
    );
  }
  if (site.contactEmail) {
    const id = `general.contact.${site.name}`;
    entries.push(
      new Entry(childDn('GLUE2ContactID', id, domainDn), ['GLUE2Entity', 'GLUE2Contact'])
        .add('GLUE2ContactID', id)
        .add('GLUE2ContactDetail', `mailto:${site.contactEmail}`)
        .add('GLUE2ContactType', 'general')
        .add('GLUE2ContactDomainForeignKey', site.name)
        .toLdif(),
    );
  }
  entries.push(
    new Entry(childDn('GLUE2GroupID', 'cloud', domainDn), ['GLUE2Group'])
      .add('GLUE2GroupID', 'cloud')
      .toLdif(),
  );
  return entries;
}

/** The service tree of one document, under the site's cloud group. */
function serviceEntries(siteName: string, document: Glue21Document): LdifEntry[] {
  const groupDn = childDn(
    'GLUE2GroupID',
    'cloud',
    childDn('GLUE2DomainID', siteName, GLUE_ROOT_DN),
  );
  const service = document.CloudComputingService[0]!;
  const serviceDn = childDn('GLUE2ServiceID', service.ID, groupDn);
  const entries: LdifEntry[] = [];

  entries.push(
    entity(new Entry(serviceDn, ['GLUE2Entity', 'GLUE2Service', 'GLUE2ComputingService']), service)
      .add('GLUE2ServiceID', service.ID)
      .add('GLUE2ServiceType', service.Type || 'org.cloud.iaas')
      .add('GLUE2ServiceQualityLevel', service.QualityLevel || 'production')
      .add('GLUE2ServiceAdminDomainForeignKey', siteName)
      .all('GLUE2ServiceCapability', service.Capability)
      .add('GLUE2ServiceStatusInfo', service.StatusInfo)
      .add('GLUE2ServiceComplexity', service.Complexity)
      .all('GLUE2EntityOtherInfo', [
        ...rest(service, ['Type', 'QualityLevel', 'Capability', 'StatusInfo', 'Complexity']),
        ...otherInfoLines(service.OtherInfo),
      ])
      .toLdif(),
  );

  // GLUE 2.0 resources and application environments must name a manager.
  const manager: GlueManager = document.CloudComputingManager[0] ?? {
    ID: `${service.ID}_manager`,
    CreationTime: service.CreationTime,
    Validity: service.Validity,
  };
  const managerDn = childDn('GLUE2ManagerID', manager.ID, serviceDn);
  entries.push(
    entity(new Entry(managerDn, ['GLUE2Entity', 'GLUE2Manager', 'GLUE2ComputingManager']), manager)
      .add('GLUE2ManagerID', manager.ID)
      .add('GLUE2ManagerProductName', manager.ProductName || manager.HypervisorName || 'UNKNOWN')
      .add('GLUE2ManagerProductVersion', manager.ProductVersion)
      .add('GLUE2ManagerServiceForeignKey', service.ID)
      .add('GLUE2ComputingManagerComputingServiceForeignKey', service.ID)
      .int('GLUE2ComputingManagerTotalLogicalCPUs', manager.TotalCPUs)
      .all('GLUE2EntityOtherInfo', [
        ...rest(manager, ['ProductName', 'ProductVersion', 'TotalCPUs']),
        ...otherInfoLines(manager.OtherInfo),
      ])
      .toLdif(),
  );

  const endpointDns = new Map<string, string>();
  for (const endpoint of document.CloudComputingEndpoint) {
    const endpointDn = childDn('GLUE2EndpointID', endpoint.ID, serviceDn);
    endpointDns.set(endpoint.ID, endpointDn);
    const mapped = [
      'URL',
      'InterfaceName',
      'InterfaceVersion',
      'QualityLevel',
      'HealthState',
      'HealthStateInfo',
      'ServingState',
      'Capability',
      'Technology',
      'Implementor',
      'ImplementationName',
      'ImplementationVersion',
      'Semantics',
      'IssuerCA',
      'TrustedCA',
      'DowntimeInfo',
    ];
    entries.push(
      entity(
        new Entry(endpointDn, ['GLUE2Entity', 'GLUE2Endpoint', 'GLUE2ComputingEndpoint']),
        endpoint,
      )
        .add('GLUE2EndpointID', endpoint.ID)
        .add('GLUE2EndpointURL', endpoint.URL)
        .add('GLUE2EndpointInterfaceName', endpoint.InterfaceName || 'org.openstack.nova')
        .add('GLUE2EndpointInterfaceVersion', endpoint.InterfaceVersion)
        .add('GLUE2EndpointQualityLevel', endpoint.QualityLevel || 'production')
        .add('GLUE2EndpointHealthState', endpoint.HealthState || 'unknown')
        .add('GLUE2EndpointHealthStateInfo', endpoint.HealthStateInfo)
        .add('GLUE2EndpointServingState', endpoint.ServingState || 'production')
        .add('GLUE2EndpointServiceForeignKey', service.ID)
        .all('GLUE2EndpointCapability', endpoint.Capability)
        .add('GLUE2EndpointTechnology', endpoint.Technology)
        .add('GLUE2EndpointImplementor', endpoint.Implementor)
        .add('GLUE2EndpointImplementationName', endpoint.ImplementationName)
        .add('GLUE2EndpointImplementationVersion', endpoint.ImplementationVersion)
        .add('GLUE2EndpointSemantics', endpoint.Semantics)
        .add('GLUE2EndpointIssuerCA', endpoint.IssuerCA)
        .all('GLUE2EndpointTrustedCA', endpoint.TrustedCA)
        .add('GLUE2EndpointDowntimeInfo', endpoint.DowntimeInfo)
        .add('GLUE2ComputingEndpointComputingServiceForeignKey', service.ID)
        .all('GLUE2EntityOtherInfo', [
          ...rest(endpoint, mapped),
          ...otherInfoLines(endpoint.OtherInfo),
        ])
        .toLdif(),
    );
  }
  const firstEndpointId = document.CloudComputingEndpoint[0]!.ID;

  for (const policy of document.AccessPolicy) {
    if (policy.Rule.length === 0) continue; // GLUE2PolicyRule is mandatory: a rule-less policy says nothing
    const linked = (policy.Associations?.CloudComputingEndpoint ?? []).filter((id) =>
      endpointDns.has(id),
    );
    const parent = endpointDns.get(linked[0] ?? firstEndpointId)!;
    entries.push(
      entity(
        new Entry(childDn('GLUE2PolicyID', policy.ID, parent), [
          'GLUE2Entity',
          'GLUE2Policy',
          'GLUE2AccessPolicy',
        ]),
        policy,
      )
        .add('GLUE2PolicyID', policy.ID)
        .add('GLUE2PolicyScheme', policy.Scheme || 'org.glite.standard')
        .all('GLUE2PolicyRule', policy.Rule)
        .all('GLUE2PolicyUserDomainForeignKey', policy.Associations?.PolicyUserDomain)
        .all('GLUE2AccessPolicyEndpointForeignKey', linked.length > 0 ? linked : [firstEndpointId])
        .all('GLUE2EntityOtherInfo', otherInfoLines(policy.OtherInfo))
        .toLdif(),
    );
  }

  // Which VO each share serves (its first mapping policy, as cloud-info-api reads it).
  const voOfShare = new Map<string, string>();
  for (const share of document.Share) {
    const policy = document.MappingPolicy.find((p) => p.Associations?.Share?.includes(share.ID));
    const vo = policy?.Associations?.PolicyUserDomain?.[0];
    if (vo) voOfShare.set(share.ID, vo);
  }
  const vosOf = (shareIds: string[] | undefined) => [
    ...new Set((shareIds ?? []).map((id) => voOfShare.get(id)).filter((v) => v !== undefined)),
  ];

  // One ExecutionEnvironment per flavor id: the provider repeats a flavor once per share.
  const itypes = new Map<string, (typeof document.CloudComputingInstanceType)[number]>();
  const itypeShares = new Map<string, string[]>();
  for (const itype of document.CloudComputingInstanceType) {
    if (!itypes.has(itype.ID)) itypes.set(itype.ID, itype);
    itypeShares.set(itype.ID, [
      ...(itypeShares.get(itype.ID) ?? []),
      ...(itype.Associations?.Share ?? []),
    ]);
  }
  const shareResources = new Map<string, string[]>();
  for (const [id, shares] of itypeShares) {
    for (const share of shares)
      shareResources.set(share, [...(shareResources.get(share) ?? []), id]);
  }

  const shareDns = new Map<string, string>();
  for (const share of document.Share) {
    const shareDn = childDn('GLUE2ShareID', share.ID, serviceDn);
    shareDns.set(share.ID, shareDn);
    const vo = voOfShare.get(share.ID);
    const endpoints = (share.Associations?.CloudComputingEndpoint ?? []).filter((id) =>
      endpointDns.has(id),
    );
    const servingState =
      document.CloudComputingEndpoint.find((e) => e.ID === endpoints[0])?.ServingState ||
      'production';
    const resources = [...new Set(shareResources.get(share.ID) ?? [])];
    entries.push(
      entity(new Entry(shareDn, ['GLUE2Entity', 'GLUE2Share', 'GLUE2ComputingShare']), share)
        .add('GLUE2ShareID', share.ID)
        .add('GLUE2ShareServiceForeignKey', service.ID)
        .add(
          'GLUE2ShareDescription',
          vo ? `Share for VO ${vo} (project ${share.ProjectID})` : `Project ${share.ProjectID}`,
        )
        .all('GLUE2ShareEndpointForeignKey', endpoints)
        .all('GLUE2ShareResourceForeignKey', resources)
        .add('GLUE2ComputingShareServingState', servingState)
        .add('GLUE2ComputingShareComputingServiceForeignKey', service.ID)
        .all('GLUE2ComputingShareComputingEndpointForeignKey', endpoints)
        .all('GLUE2ComputingShareExecutionEnvironmentForeignKey', resources)
        .int('GLUE2ComputingShareMaxMainMemory', share.InstanceMaxRAM)
        .int('GLUE2ComputingShareMaxSlotsPerJob', share.InstanceMaxCPU)
        .all('GLUE2EntityOtherInfo', [
          ...(vo ? [`VO=${vo}`] : []),
          ...rest(share, ['InstanceMaxRAM', 'InstanceMaxCPU']),
          ...otherInfoLines(share.OtherInfo),
        ])
        .toLdif(),
    );
  }

  for (const policy of document.MappingPolicy) {
    const shares = (policy.Associations?.Share ?? []).filter((id) => shareDns.has(id));
    if (shares.length === 0) continue; // GLUE2MappingPolicyShareForeignKey is mandatory
    const rules =
      policy.Rule.length > 0
        ? policy.Rule
        : (policy.Associations?.PolicyUserDomain ?? []).map((vo) => `VO:${vo}`);
    if (rules.length === 0) continue;
    entries.push(
      entity(
        new Entry(childDn('GLUE2PolicyID', policy.ID, shareDns.get(shares[0]!)!), [
          'GLUE2Entity',
          'GLUE2Policy',
          'GLUE2MappingPolicy',
        ]),
        policy,
      )
        .add('GLUE2PolicyID', policy.ID)
        .add('GLUE2PolicyScheme', policy.Scheme || 'org.glite.standard')
        .all('GLUE2PolicyRule', rules)
        .all('GLUE2PolicyUserDomainForeignKey', policy.Associations?.PolicyUserDomain)
        .all('GLUE2MappingPolicyShareForeignKey', shares)
        .all('GLUE2EntityOtherInfo', otherInfoLines(policy.OtherInfo))
        .toLdif(),
    );
  }

  const accById = new Map(document.CloudComputingVirtualAccelerator.map((a) => [a.ID, a]));
  for (const itype of itypes.values()) {
    const accelerators = [
      ...new Set([
        ...(itype.Associations?.CloudComputingVirtualAccelerator ?? []),
        ...document.CloudComputingVirtualAccelerator.filter((a) =>
          a.Associations?.CloudComputingInstanceType?.includes(itype.ID),
        ).map((a) => a.ID),
      ]),
    ]
      .map((id) => accById.get(id))
      .filter((a) => a !== undefined);
    const gpus = accelerators.filter((a) => a.Type.toUpperCase() === 'GPU');
    const gpuLines =
      gpus.length > 0
        ? [
            `GPUNumber=${gpus.reduce((n, a) => n + a.Number, 0)}`,
            ...(gpus[0]!.Vendor ? [`GPUVendor=${gpus[0]!.Vendor}`] : []),
            ...(gpus[0]!.Model ? [`GPUModel=${gpus[0]!.Model}`] : []),
          ]
        : [];
    entries.push(
      entity(
        new Entry(childDn('GLUE2ResourceID', itype.ID, serviceDn), [
          'GLUE2Entity',
          'GLUE2Resource',
          'GLUE2ExecutionEnvironment',
        ]),
        itype,
      )
        .add('GLUE2ResourceID', itype.ID)
        .add('GLUE2ResourceManagerForeignKey', manager.ID)
        .add('GLUE2ExecutionEnvironmentPlatform', itype.Platform || 'UNKNOWN')
        .int('GLUE2ExecutionEnvironmentMainMemorySize', itype.RAM)
        .add('GLUE2ExecutionEnvironmentOSFamily', 'linux')
        .add('GLUE2ExecutionEnvironmentConnectivityIn', extendedBoolean(itype.NetworkIn))
        .add('GLUE2ExecutionEnvironmentConnectivityOut', extendedBoolean(itype.NetworkOut))
        .add('GLUE2ExecutionEnvironmentVirtualMachine', 'TRUE')
        .int('GLUE2ExecutionEnvironmentLogicalCPUs', itype.CPU)
        .add('GLUE2ExecutionEnvironmentNetworkInfo', itype.NetworkInfo)
        .add('GLUE2ExecutionEnvironmentComputingManagerForeignKey', manager.ID)
        .all('GLUE2EntityOtherInfo', [
          `disk=${itype.Disk}`,
          ...gpuLines,
          ...vosOf(itypeShares.get(itype.ID)).map((vo) => `VO=${vo}`),
          ...rest(itype, [
            'Platform',
            'RAM',
            'CPU',
            'Disk',
            'NetworkIn',
            'NetworkOut',
            'NetworkInfo',
          ]),
          ...otherInfoLines(itype.OtherInfo),
        ])
        .toLdif(),
    );
  }

  // One ApplicationEnvironment per image id, naming every VO whose share lists it.
  const images = new Map<string, (typeof document.CloudComputingImage)[number]>();
  const imageShares = new Map<string, string[]>();
  for (const image of document.CloudComputingImage) {
    if (!images.has(image.ID)) images.set(image.ID, image);
    imageShares.set(image.ID, [
      ...(imageShares.get(image.ID) ?? []),
      ...(image.Associations?.Share ?? []),
    ]);
  }
  for (const image of images.values()) {
    const tag = image.OtherInfo?.['eu.egi.cloud.tag'];
    entries.push(
      entity(
        new Entry(childDn('GLUE2ApplicationEnvironmentID', image.ID, serviceDn), [
          'GLUE2Entity',
          'GLUE2ApplicationEnvironment',
        ]),
        image,
      )
        .add('GLUE2ApplicationEnvironmentID', image.ID)
        .add('GLUE2ApplicationEnvironmentAppName', image.Name || image.ID)
        .add('GLUE2ApplicationEnvironmentAppVersion', typeof tag === 'string' ? tag : undefined)
        .add('GLUE2ApplicationEnvironmentRepository', image.MarketplaceURL)
        .add('GLUE2ApplicationEnvironmentDescription', image.Description)
        .add('GLUE2ApplicationEnvironmentComputingManagerForeignKey', manager.ID)
        .all('GLUE2EntityOtherInfo', [
          ...vosOf(imageShares.get(image.ID)).map((vo) => `VO=${vo}`),
          ...rest(image, ['MarketplaceURL', 'Description']),
          ...otherInfoLines(image.OtherInfo),
        ])
        .toLdif(),
    );
  }
  return entries;
}

export interface LdifSiteDocument {
  site: LdifSite;
  document: Glue21Document;
}

/** A site's entries (domain, then its service tree), to follow the root entry. */
export function siteEntries({ site, document }: LdifSiteDocument): LdifEntry[] {
  return [...domainEntries(site), ...serviceEntries(site.name, document)];
}
