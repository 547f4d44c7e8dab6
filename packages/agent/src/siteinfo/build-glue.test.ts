import { glue21DocumentSchema } from '@fedcloud/sdk/glue2';
import { describe, expect, it } from 'vitest';
import { buildGlueDocument, countVms, pythonIsoFormat } from './build-glue.js';
import type { ShareInfo, SiteInfo } from './types.js';

const ENDPOINT = 'https://keystone.example.org:5000/v3/';
const EPT = `${ENDPOINT}_OpenStack_v3`;
const SVC = `${ENDPOINT}_cloud.compute`;
const MGR = `${ENDPOINT}_cloud.compute_manager`;
const WHEN = new Date('2026-03-04T05:06:07.890Z');
const T = '2026-03-04T05:06:07.890000+00:00';

const accessShare: ShareInfo = {
  vo: 'vo.access.egi.eu',
  projectId: 'p1',
  projectName: 'VO:vo.access.egi.eu',
  projectDomainName: 'Default',
  imageEndpoint: 'https://glance.example.org:9292',
  images: [
    {
      id: 'img-appdb',
      name: 'EGI Ubuntu 22.04',
      status: 'active',
      vmcatcher_event_ad_mpuri: 'https://appdb.egi.eu/store/vo/image/abc:123/',
      vmcatcher_event_dc_title: 'Ubuntu title',
      APPLIANCE_ATTRIBUTES:
        '{"ad:base_mpuri": "https://appdb.egi.eu/store/vm/image/abc/", "ad:version": "2024.01"}',
      os_distro: 'ubuntu',
      os_version: '22.04',
      architecture: 'x86_64',
      file: '/v2/images/img-appdb/file',
    },
    {
      id: 'img-local',
      name: 'local image',
      status: 'active',
      file: '/v2/images/img-local/file',
    },
  ],
  flavors: [
    {
      id: 'f-small',
      name: 'm1.small',
      vcpus: 1,
      ram: 2048,
      disk: 10,
      isPublic: true,
      extraSpecs: {},
    },
    {
      id: 'f-gpu',
      name: 'g1.large',
      vcpus: 8,
      ram: 32768,
      disk: 80,
      isPublic: false,
      extraSpecs: {
        'Accelerator:Number': '2',
        'Accelerator:Vendor': 'nvidia',
        'Accelerator:Model': 'Tesla V100',
        'Accelerator:Memory': '16384',
      },
    },
  ],
  quotas: { cores: 20, instances: 10, ram: 51200, fixed_ips: -1, unrelated: 3 },
  serverStatuses: ['ACTIVE', 'SHUTOFF', 'SUSPENDED', 'ERROR', 'BUILD'],
};

const trainingShare: ShareInfo = {
  vo: 'training.egi.eu',
  projectId: 'p2',
  projectName: 'training',
  projectDomainName: 'Default',
  imageEndpoint: 'https://glance.example.org:9292',
  images: [],
  flavors: [
    { id: 'f-tiny', name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1, isPublic: true, extraSpecs: {} },
  ],
  quotas: {},
  serverStatuses: [],
};

function site(overrides: Partial<SiteInfo> = {}): SiteInfo {
  return {
    siteName: 'EXAMPLE-SITE',
    endpoint: ENDPOINT,
    gocdb: { gocdb_id: '12G0', site_name: 'EXAMPLE-SITE' },
    ca: { issuer: '/C=NL/O=Example CA/CN=Example CA', trustedCas: [] },
    nova: { interfaceVersion: '2.0', implementationVersion: '2.96' },
    shares: [
      { ok: true, share: accessShare },
      { ok: false, vo: 'fedcloud.egi.eu', projectId: 'p3', error: 'no access to project p3' },
      { ok: true, share: trainingShare },
    ],
    ...overrides,
  };
}

const share1 = `${EPT}_share_vo.access.egi.eu_p1`;
const share2 = `${EPT}_share_training.egi.eu_p2`;

/** Written by hand from cloud-info-provider 1.x's code, in its key and list order. */
const EXPECTED = {
  CloudComputingService: [
    {
      ID: SVC,
      Validity: 43200,
      CreationTime: T,
      Name: 'Cloud Compute service at EXAMPLE-SITE',
      OtherInfo: { gocdb_id: '12G0', site_name: 'EXAMPLE-SITE' },
      Associations: { AdminDomain: ['EXAMPLE-SITE'] },
      Type: 'org.cloud.iaas',
      QualityLevel: 'production',
      StatusInfo: 'https://argo.egi.eu/egi/report-status/Critical/SITES/EXAMPLE-SITE',
      ServiceAUP: 'http://go.egi.eu/aup',
      Complexity: 'endpointType=1,share=2',
      Capability: ['executionmanagement.dynamicvmdeploy', 'security.accounting'],
      TotalVM: 5,
      RunningVM: 3,
      SuspendedVM: 1,
      HaltedVM: 1,
    },
  ],
  CloudComputingManager: [
    {
      ID: MGR,
      Validity: 43200,
      CreationTime: T,
      Associations: { CloudComputingService: [SVC] },
      // the last share's maxima (training: 1 CPU, 512 MiB), minima always 0
      InstanceMaxCPU: 1,
      InstanceMinCPU: 0,
      InstanceMaxRAM: 512,
      InstanceMinRAM: 0,
    },
  ],
  CloudComputingEndpoint: [
    {
      ID: EPT,
      Validity: 43200,
      CreationTime: T,
      Name: `Cloud computing endpoint for ${EPT}`,
      Associations: { CloudComputingService: [SVC] },
      Capability: [],
      QualityLevel: 'production',
      InterfaceName: 'org.openstack.nova',
      InterfaceVersion: '2.0',
      HealthState: 'warning',
      HealthStateInfo: 'no access to project p3',
      ServingState: 'production',
      Technology: 'webservice',
      Implementor: 'OpenStack Foundation',
      ImplementationName: 'OpenStack Nova',
      ImplementationVersion: '2.96',
      DowntimeInfo:
        'https://goc.egi.eu/portal/index.php?Page_Type=Downtimes_Calendar&site=EXAMPLE-SITE',
      Semantics: 'https://developer.openstack.org/api-ref/compute',
      IssuerCA: '/C=NL/O=Example CA/CN=Example CA',
      TrustedCA: [],
      URL: ENDPOINT,
    },
  ],
  CloudComputingImage: [
    {
      ID: 'img-appdb',
      Validity: 43200,
      CreationTime: T,
      Name: 'EGI Ubuntu 22.04',
      OtherInfo: {
        base_mpuri: 'https://appdb.egi.eu/store/vm/image/abc/',
        'ad:base_mpuri': 'https://appdb.egi.eu/store/vm/image/abc/',
        'ad:version': '2024.01',
      },
      Associations: {
        Share: [share1],
        CloudComputingEndpoint: [EPT],
        CloudComputingManager: [MGR],
      },
      MarketplaceURL: 'https://appdb.egi.eu/store/vo/image/abc:123/',
      OSPlatform: 'x86_64',
      OSName: 'ubuntu',
      OSVersion: '22.04',
      Description: 'Ubuntu title',
      AccessInfo: 'none',
    },
    {
      ID: 'img-local',
      Validity: 43200,
      CreationTime: T,
      Name: 'local image',
      Associations: {
        Share: [share1],
        CloudComputingEndpoint: [EPT],
        CloudComputingManager: [MGR],
      },
      MarketplaceURL: 'https://glance.example.org:9292/v2/images/img-local/file',
      OSPlatform: 'UNKNOWN',
      OSName: 'UNKNOWN',
      OSVersion: 'UNKNOWN',
      Description: 'UNKNOWN',
      AccessInfo: 'none',
    },
  ],
  CloudComputingInstanceType: [
    {
      ID: 'f-small',
      Validity: 43200,
      CreationTime: T,
      Name: 'm1.small',
      Associations: {
        Share: [share1],
        CloudComputingEndpoint: [EPT],
        CloudComputingManager: [MGR],
      },
      Platform: 'amd64',
      CPU: 1,
      RAM: 2048,
      Disk: 10,
      NetworkIn: 'UNKNOWN',
      NetworkOut: true,
    },
    {
      ID: 'f-gpu',
      Validity: 43200,
      CreationTime: T,
      Name: 'g1.large',
      Associations: {
        Share: [share1],
        CloudComputingEndpoint: [EPT],
        CloudComputingManager: [MGR],
        CloudComputingVirtualAccelerator: ['f-gpu_gpu'],
      },
      Platform: 'amd64',
      CPU: 8,
      RAM: 32768,
      Disk: 80,
      NetworkIn: 'UNKNOWN',
      NetworkOut: true,
    },
    {
      ID: 'f-tiny',
      Validity: 43200,
      CreationTime: T,
      Name: 'm1.tiny',
      Associations: {
        Share: [share2],
        CloudComputingEndpoint: [EPT],
        CloudComputingManager: [MGR],
      },
      Platform: 'amd64',
      CPU: 1,
      RAM: 512,
      Disk: 1,
      NetworkIn: 'UNKNOWN',
      NetworkOut: true,
    },
  ],
  CloudComputingVirtualAccelerator: [
    {
      ID: 'f-gpu_gpu',
      Validity: 43200,
      CreationTime: T,
      Name: 'g1.large_gpu',
      Associations: { CloudComputingInstanceType: ['f-gpu'] },
      Type: 'GPU',
      Number: 2,
      Vendor: 'nvidia',
      Model: 'Tesla V100',
      ComputeCapability: [],
    },
  ],
  Share: [
    {
      ID: share1,
      Validity: 43200,
      CreationTime: T,
      Name: 'vo.access.egi.eu - p1 share',
      OtherInfo: {
        project_name: 'VO:vo.access.egi.eu',
        project_domain_name: 'Default',
        quotas: { instances: 10, cores: 20, ram: 51200, fixed_ips: -1 },
      },
      Associations: { CloudComputingService: [SVC], CloudComputingEndpoint: [EPT] },
      InstanceMaxCPU: 8,
      InstanceMaxRAM: 32768,
      TotalVM: 5,
      RunningVM: 3,
      SuspendedVM: 1,
      HaltedVM: 1,
      MaxVM: 10,
      ProjectID: 'p1',
    },
    {
      ID: share2,
      Validity: 43200,
      CreationTime: T,
      Name: 'training.egi.eu - p2 share',
      OtherInfo: { project_name: 'training', project_domain_name: 'Default', quotas: {} },
      Associations: { CloudComputingService: [SVC], CloudComputingEndpoint: [EPT] },
      InstanceMaxCPU: 1,
      InstanceMaxRAM: 512,
      TotalVM: 0,
      RunningVM: 0,
      SuspendedVM: 0,
      HaltedVM: 0,
      MaxVM: 0,
      ProjectID: 'p2',
    },
  ],
  MappingPolicy: [
    {
      ID: `${share1}_Policy`,
      Validity: 43200,
      CreationTime: T,
      Associations: { Share: [share1], PolicyUserDomain: ['vo.access.egi.eu'] },
      Rule: ['VO:vo.access.egi.eu'],
      Scheme: 'org.glite.standard',
    },
    {
      ID: `${share2}_Policy`,
      Validity: 43200,
      CreationTime: T,
      Associations: { Share: [share2], PolicyUserDomain: ['training.egi.eu'] },
      Rule: ['VO:training.egi.eu'],
      Scheme: 'org.glite.standard',
    },
  ],
  AccessPolicy: [
    {
      ID: `${EPT}_policy`,
      Validity: 43200,
      CreationTime: T,
      Associations: { CloudComputingEndpoint: [EPT] },
      Rule: ['VO:vo.access.egi.eu', 'VO:training.egi.eu'],
      Scheme: 'org.glite.standard',
    },
  ],
};

describe('buildGlueDocument', () => {
  it('writes the document cloud-info-provider 1.x writes, key order included', () => {
    const { document, warnings } = buildGlueDocument(site(), { creationTime: WHEN });
    expect(document).toEqual(EXPECTED);
    // Same serialisation: class order, entity order and key order all match.
    expect(JSON.stringify(document)).toBe(JSON.stringify(EXPECTED));
    expect(warnings).toEqual([]);
    expect(glue21DocumentSchema.safeParse(document).success).toBe(true);
  });

  it('uses the configured validity and stamps every entity with one creation time', () => {
    const { document } = buildGlueDocument(site(), { creationTime: WHEN, validitySeconds: 600 });
    const entities = Object.values(document).flat() as { Validity: number; CreationTime: string }[];
    expect(new Set(entities.map((e) => e.Validity))).toEqual(new Set([600]));
    expect(new Set(entities.map((e) => e.CreationTime))).toEqual(new Set([T]));
  });

  it('publishes a failed VO from its last reading, marked stale with the reason', () => {
    const { document } = buildGlueDocument(
      site({
        shares: [
          { ok: true, share: accessShare },
          {
            ok: false,
            vo: trainingShare.vo,
            projectId: trainingShare.projectId,
            error: 'HTTP 503 from Nova',
            lastGood: { share: trainingShare, at: '2025-06-01T06:00:00.000Z' },
          },
        ],
      }),
      { creationTime: WHEN },
    );
    const shares = document.Share as { ID: string; OtherInfo: Record<string, unknown> }[];
    expect(shares.map((s) => s.ID)).toEqual([share1, share2]);
    expect(shares[0]!.OtherInfo).not.toHaveProperty('fedcloud_stale_reason');
    expect(shares[1]!.OtherInfo).toMatchObject({
      project_name: 'training',
      fedcloud_stale_reason: 'HTTP 503 from Nova',
      fedcloud_last_good_at: '2025-06-01T06:00:00.000Z',
    });
    // The endpoint says a VO could not be read, as cloud-info-provider's does.
    expect(document.CloudComputingEndpoint[0]).toMatchObject({
      HealthState: 'warning',
      HealthStateInfo: 'HTTP 503 from Nova',
    });
  });

  it('marks the endpoint unknown and publishes no share when no project could be reached', () => {
    const { nova: _nova, ...rest } = site();
    const { document } = buildGlueDocument(
      { ...rest, shares: [{ ok: false, vo: 'x', projectId: 'p', error: 'denied' }] },
      { creationTime: WHEN },
    );
    const [endpoint] = document.CloudComputingEndpoint;
    expect(endpoint).toMatchObject({
      HealthState: 'unknown',
      HealthStateInfo: 'No working authentication configured',
    });
    expect(endpoint).not.toHaveProperty('InterfaceVersion');
    expect(endpoint).not.toHaveProperty('ImplementationVersion');
    expect(Object.keys(document)).toEqual([
      'CloudComputingService',
      'CloudComputingManager',
      'CloudComputingEndpoint',
      'AccessPolicy',
    ]);
    expect(document.AccessPolicy?.[0]?.Rule).toEqual([]);
    expect(document.CloudComputingService[0]).toMatchObject({
      Complexity: 'endpointType=1,share=0',
      TotalVM: 0,
    });
    expect(document.CloudComputingManager?.[0]).toMatchObject({
      InstanceMaxCPU: 0,
      InstanceMaxRAM: 0,
    });
    expect(glue21DocumentSchema.safeParse(document).success).toBe(true);
  });

  it('leaves OtherInfo off the service when GOCDB had no match, and adds Authentication when set', () => {
    const { document } = buildGlueDocument(
      site({ gocdb: {}, authentication: 'v3oidcaccesstoken' }),
      { creationTime: WHEN },
    );
    expect(document.CloudComputingService[0]).not.toHaveProperty('OtherInfo');
    expect(document.CloudComputingEndpoint[0]?.['Authentication']).toBe('v3oidcaccesstoken');
  });

  it('selects public or private flavors and recomputes the share maxima', () => {
    const pub = buildGlueDocument(site(), { creationTime: WHEN, selectFlavors: 'public' }).document;
    expect(pub.CloudComputingInstanceType?.map((f) => f.ID)).toEqual(['f-small', 'f-tiny']);
    expect(pub).not.toHaveProperty('CloudComputingVirtualAccelerator');
    expect(pub.Share?.[0]).toMatchObject({ InstanceMaxCPU: 1, InstanceMaxRAM: 2048 });
    const priv = buildGlueDocument(site(), {
      creationTime: WHEN,
      selectFlavors: 'private',
    }).document;
    expect(priv.CloudComputingInstanceType?.map((f) => f.ID)).toEqual(['f-gpu']);
    expect(priv.Share?.[1]).toMatchObject({ InstanceMaxCPU: 0, InstanceMaxRAM: 0 });
  });

  it('leaves out images without a marketplace URL with onlyAppdbImages', () => {
    const { document } = buildGlueDocument(site(), { creationTime: WHEN, onlyAppdbImages: true });
    expect(document.CloudComputingImage?.map((i) => i.ID)).toEqual(['img-appdb']);
  });

  it('repeats public images and flavors once per share, as the provider does', () => {
    const second: ShareInfo = { ...accessShare, vo: 'fedcloud.egi.eu', projectId: 'p3' };
    const { document } = buildGlueDocument(
      site({
        shares: [
          { ok: true, share: accessShare },
          { ok: true, share: second },
        ],
      }),
      { creationTime: WHEN },
    );
    expect(document.CloudComputingImage?.map((i) => i.ID)).toEqual([
      'img-appdb',
      'img-local',
      'img-appdb',
      'img-local',
    ]);
    expect(document.CloudComputingVirtualAccelerator).toHaveLength(2);
    expect(document.CloudComputingImage?.[2]?.Associations?.['Share']).toEqual([
      `${EPT}_share_fedcloud.egi.eu_p3`,
    ]);
  });

  it('takes marketplace and description from the fallbacks, and keeps odd GPU specs out', () => {
    const share: ShareInfo = {
      ...trainingShare,
      images: [
        {
          id: 'i1',
          name: null,
          marketplace: 'https://marketplace.example.org/i1',
          vmcatcher_event_dc_description: 'described',
          vmcatcher_event_dc_title: 'titled',
          APPLIANCE_ATTRIBUTES: 'not json',
        },
      ],
      flavors: [
        {
          id: 'g0',
          name: 'zero-gpu',
          vcpus: 1,
          ram: 1,
          disk: 1,
          isPublic: true,
          extraSpecs: { 'Accelerator:Number': '0' },
        },
        {
          id: 'gx',
          name: 'bad-gpu',
          vcpus: 1,
          ram: 1,
          disk: 1,
          isPublic: true,
          extraSpecs: { 'Accelerator:Number': 'two', 'Accelerator:Vendor': '' },
        },
      ],
    };
    const { document, warnings } = buildGlueDocument(site({ shares: [{ ok: true, share }] }), {
      creationTime: WHEN,
    });
    const image = document.CloudComputingImage?.[0];
    expect(image).toMatchObject({
      MarketplaceURL: 'https://marketplace.example.org/i1',
      Description: 'described',
    });
    expect(image).not.toHaveProperty('Name');
    expect(image).not.toHaveProperty('OtherInfo');
    // "0" is a non-empty string, so the provider publishes an accelerator with Number 0.
    expect(document.CloudComputingVirtualAccelerator).toEqual([
      expect.objectContaining({ ID: 'g0_gpu', Number: 0, Vendor: 'UNKNOWN', Model: 'UNKNOWN' }),
    ]);
    expect(warnings).toEqual([
      'image i1: APPLIANCE_ATTRIBUTES is not a JSON object; ignored',
      'flavor bad-gpu (gx): Accelerator:Number="two" is not a whole number; no accelerator published',
    ]);
    expect(glue21DocumentSchema.safeParse(document).success).toBe(true);
  });

  it('reads GPU specs under the configured keys', () => {
    const share: ShareInfo = {
      ...trainingShare,
      flavors: [
        {
          id: 'g',
          name: 'gpu',
          vcpus: 4,
          ram: 4096,
          disk: 20,
          isPublic: true,
          extraSpecs: { gpu_number: '4', gpu_vendor: 'amd', 'Accelerator:Number': '1' },
        },
      ],
    };
    const { document } = buildGlueDocument(site({ shares: [{ ok: true, share }] }), {
      creationTime: WHEN,
      flavorProperties: { gpuNumber: 'gpu_number', gpuVendor: 'gpu_vendor' },
    });
    expect(document.CloudComputingVirtualAccelerator?.[0]).toMatchObject({
      Number: 4,
      Vendor: 'amd',
      Model: 'UNKNOWN',
    });
  });
});

describe('countVms', () => {
  it('counts everything but SHUTOFF and SUSPENDED as running', () => {
    expect(
      countVms(['ACTIVE', 'ERROR', 'BUILD', 'PAUSED', 'SHUTOFF', 'SUSPENDED', 'SUSPENDED']),
    ).toEqual({
      total: 7,
      running: 4,
      halted: 1,
      suspended: 2,
    });
  });
});

describe('pythonIsoFormat', () => {
  it('matches datetime.isoformat() for UTC, with and without a fraction', () => {
    expect(pythonIsoFormat(new Date('2026-01-02T03:04:05.006Z'))).toBe(
      '2026-01-02T03:04:05.006000+00:00',
    );
    expect(pythonIsoFormat(new Date('2026-01-02T03:04:05.000Z'))).toBe('2026-01-02T03:04:05+00:00');
    expect(Number.isNaN(Date.parse('2026-01-02T03:04:05.006000+00:00'))).toBe(false);
  });
});
