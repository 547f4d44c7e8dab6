/**
 * Realistic GLUE 2.1 documents shaped like cloud-info-provider 1.x output (providers/openstack.py
 * + formatters/glue.py): the same ids (`<endpoint>_cloud.compute`, `<endpoint>_OpenStack_v3`,
 * `<endpoint-id>_share_<vo>_<project>`, `<share>_Policy`), the same key order, one image and one
 * instance-type entity per share (the provider lists them again for every VO's project, with the
 * same ids), GPUs as CloudComputingVirtualAccelerator. For tests and the benchmark; never served.
 */

export interface FixtureVo {
  name: string;
  projectId: string;
  projectName?: string;
}

export interface FixtureImage {
  id: string;
  name: string;
  /** registry.egi.eu images carry eu.egi.cloud.image_ref / eu.egi.cloud.tag in OtherInfo. */
  egi?: { ref: string; tag: string; digest?: string };
  osName?: string;
  osVersion?: string;
  osPlatform?: string;
  description?: string;
}

export interface FixtureFlavor {
  id: string;
  name: string;
  cpu: number;
  ram: number;
  disk: number;
  gpu?: { number: number; vendor: string; model: string };
}

export interface FixtureOptions {
  site: string;
  endpointUrl: string;
  /** Written into the service's OtherInfo as cloud-info-provider does after its GOCDB lookup. */
  gocdbId?: string;
  creationTime: Date | string;
  /** Seconds; cloud-info-provider's default is 43200. */
  validity?: number;
  vos: FixtureVo[];
  images?: FixtureImage[];
  flavors?: FixtureFlavor[];
}

/** A default catalogue: ~10 images (half from registry.egi.eu) and 8 flavors, 2 with GPUs. */
export function defaultImages(count = 10): FixtureImage[] {
  const distros = [
    ['ubuntu', '22.04'],
    ['ubuntu', '24.04'],
    ['almalinux', '9'],
    ['debian', '12'],
    ['rockylinux', '8'],
  ] as const;
  return Array.from({ length: count }, (_, i) => {
    const [os, version] = distros[i % distros.length]!;
    const id = `${i.toString(16).padStart(8, '0')}-7a1c-4c3e-9d2b-${(0x5f00 + i).toString(16)}0f1e2d3c`;
    if (i % 2 === 0) {
      return {
        id,
        name: `registry.egi.eu egi_vm_images/${os}:${version}`,
        egi: {
          ref: `egi_vm_images/${os}:${version}`,
          tag: `2025-09-0${(i % 9) + 1}-4d7122d6`,
          digest: `sha256:${(i + 1).toString(16).padStart(64, 'a')}`,
        },
        osName: os,
        osVersion: version,
        osPlatform: 'x86_64',
        description: `EGI ${os} ${version} image`,
      };
    }
    return {
      id,
      name: `${os}-${version}-local`,
      osName: os,
      osVersion: version,
      osPlatform: 'x86_64',
    };
  });
}

export function defaultFlavors(count = 8): FixtureFlavor[] {
  const sizes = [
    ['m1.tiny', 1, 512, 1],
    ['m1.small', 1, 2048, 20],
    ['m1.medium', 2, 4096, 40],
    ['m1.large', 4, 8192, 80],
    ['m1.xlarge', 8, 16384, 160],
    ['c1.huge', 16, 32768, 160],
    ['g1.small', 4, 16384, 50],
    ['g1.large', 16, 65536, 100],
  ] as const;
  return Array.from({ length: count }, (_, i) => {
    const [name, cpu, ram, disk] = sizes[i % sizes.length]!;
    const flavor: FixtureFlavor = {
      id: String(i + 1),
      name: i < sizes.length ? name : `${name}.${i}`,
      cpu,
      ram,
      disk,
    };
    if (name.startsWith('g1.')) {
      flavor.gpu = {
        number: name === 'g1.large' ? 2 : 1,
        vendor: 'nvidia',
        model: name === 'g1.large' ? 'A100' : 'T4',
      };
    }
    return flavor;
  });
}

/** Builds the document cloud-info-provider would write for this site (a plain JSON value). */
export function buildGlueDocument(options: FixtureOptions): Record<string, unknown[]> {
  const created =
    typeof options.creationTime === 'string'
      ? options.creationTime
      : options.creationTime.toISOString().replace('Z', '+00:00');
  const validity = options.validity ?? 43_200;
  const url = options.endpointUrl;
  const serviceId = `${url}_cloud.compute`;
  const managerId = `${url}_cloud.compute_manager`;
  const endpointId = `${url}_OpenStack_v3`;
  const images = options.images ?? defaultImages();
  const flavors = options.flavors ?? defaultFlavors();
  const base = (id: string, name?: string) => ({
    ID: id,
    Validity: validity,
    CreationTime: created,
    ...(name === undefined ? {} : { Name: name }),
  });

  const glueImages: unknown[] = [];
  const glueTypes: unknown[] = [];
  const accelerators: unknown[] = [];
  const shares: unknown[] = [];
  const mappings: unknown[] = [];
  let maxCpu = 0;
  let maxRam = 0;

  for (const vo of options.vos) {
    const shareId = `${endpointId}_share_${vo.name}_${vo.projectId}`;
    const links = {
      Share: [shareId],
      CloudComputingEndpoint: [endpointId],
      CloudComputingManager: [managerId],
    };
    for (const image of images) {
      const otherInfo: Record<string, unknown> = {};
      let marketplace = `${new URL(url).origin.replace(':5000', ':9292')}/v2/images/${image.id}/file`;
      if (image.egi) {
        marketplace = `registry.egi.eu/${image.egi.ref}-${image.egi.digest ?? 'sha256:00'}`;
        Object.assign(otherInfo, {
          'eu.egi.cloud.description': image.description ?? image.name,
          'eu.egi.cloud.tag': image.egi.tag,
          'org.openstack.glance.os_distro': image.osName ?? 'UNKNOWN',
          'org.openstack.glance.os_version': image.osVersion ?? 'UNKNOWN',
          'eu.egi.cloud.image_ref': image.egi.ref,
        });
      }
      glueImages.push({
        ...base(image.id, image.name),
        ...(Object.keys(otherInfo).length > 0 ? { OtherInfo: otherInfo } : {}),
        Associations: structuredClone(links),
        MarketplaceURL: marketplace,
        OSPlatform: image.osPlatform ?? 'UNKNOWN',
        OSName: image.osName ?? 'UNKNOWN',
        OSVersion: image.osVersion ?? 'UNKNOWN',
        Description: image.description ?? 'UNKNOWN',
        AccessInfo: 'none',
      });
    }
    let shareCpu = 0;
    let shareRam = 0;
    for (const flavor of flavors) {
      const associations: Record<string, string[]> = structuredClone(links);
      if (flavor.gpu) {
        associations.CloudComputingVirtualAccelerator = [`${flavor.id}_gpu`];
        accelerators.push({
          ...base(`${flavor.id}_gpu`, `${flavor.name}_gpu`),
          Associations: { CloudComputingInstanceType: [flavor.id] },
          Type: 'GPU',
          Number: flavor.gpu.number,
          Vendor: flavor.gpu.vendor,
          Model: flavor.gpu.model,
          ComputeCapability: [],
        });
      }
      glueTypes.push({
        ...base(flavor.id, flavor.name),
        Associations: associations,
        Platform: 'amd64',
        CPU: flavor.cpu,
        RAM: flavor.ram,
        Disk: flavor.disk,
        NetworkIn: 'UNKNOWN',
        NetworkOut: true,
      });
      shareCpu = Math.max(shareCpu, flavor.cpu);
      shareRam = Math.max(shareRam, flavor.ram);
    }
    maxCpu = Math.max(maxCpu, shareCpu);
    maxRam = Math.max(maxRam, shareRam);
    shares.push({
      ...base(shareId, `${vo.name} - ${vo.projectId} share`),
      OtherInfo: {
        project_name: vo.projectName ?? vo.name,
        project_domain_name: 'default',
        quotas: { instances: 10, cores: 20, ram: 51200, floating_ips: -1, key_pairs: 100 },
      },
      Associations: { CloudComputingService: [serviceId], CloudComputingEndpoint: [endpointId] },
      InstanceMaxCPU: shareCpu,
      InstanceMaxRAM: shareRam,
      TotalVM: 0,
      RunningVM: 0,
      SuspendedVM: 0,
      HaltedVM: 0,
      MaxVM: 10,
      ProjectID: vo.projectId,
    });
    mappings.push({
      ...base(`${shareId}_Policy`),
      Associations: { Share: [shareId], PolicyUserDomain: [vo.name] },
      Rule: [`VO:${vo.name}`],
      Scheme: 'org.glite.standard',
    });
  }

  const document: Record<string, unknown[]> = {
    CloudComputingService: [
      {
        ...base(serviceId, `Cloud Compute service at ${options.site}`),
        ...(options.gocdbId
          ? { OtherInfo: { gocdb_id: options.gocdbId, site_name: options.site } }
          : {}),
        Associations: { AdminDomain: [options.site] },
        Type: 'org.cloud.iaas',
        QualityLevel: 'production',
        StatusInfo: `https://argo.egi.eu/egi/report-status/Critical/SITES/${options.site}`,
        ServiceAUP: 'http://go.egi.eu/aup',
        Complexity: `endpointType=1,share=${options.vos.length}`,
        Capability: ['executionmanagement.dynamicvmdeploy', 'security.accounting'],
        TotalVM: 0,
        RunningVM: 0,
        SuspendedVM: 0,
        HaltedVM: 0,
      },
    ],
    CloudComputingManager: [
      {
        ...base(managerId),
        Associations: { CloudComputingService: [serviceId] },
        InstanceMaxCPU: maxCpu,
        InstanceMinCPU: 0,
        InstanceMaxRAM: maxRam,
        InstanceMinRAM: 0,
      },
    ],
    CloudComputingEndpoint: [
      {
        ...base(endpointId, `Cloud computing endpoint for ${endpointId}`),
        Associations: { CloudComputingService: [serviceId] },
        Capability: [],
        QualityLevel: 'production',
        InterfaceName: 'org.openstack.nova',
        InterfaceVersion: '2.1',
        HealthState: 'ok',
        HealthStateInfo: 'Endpoint functioning properly',
        ServingState: 'production',
        Technology: 'webservice',
        Implementor: 'OpenStack Foundation',
        ImplementationName: 'OpenStack Nova',
        ImplementationVersion: '2.96',
        DowntimeInfo: `https://goc.egi.eu/portal/index.php?Page_Type=Downtimes_Calendar&site=${options.site}`,
        Semantics: 'https://developer.openstack.org/api-ref/compute',
        Authentication: 'v3oidcaccesstoken',
        IssuerCA: '/C=NL/O=GEANT Vereniging/CN=GEANT OV RSA CA 4',
        TrustedCA: ['UNKNOWN'],
        URL: url,
      },
    ],
  };
  // Provider order: images and instance types are added while each share is built, then the
  // share and its policy, and the access policy last.
  if (glueImages.length > 0) document.CloudComputingImage = glueImages;
  if (glueTypes.length > 0) document.CloudComputingInstanceType = glueTypes;
  if (accelerators.length > 0) document.CloudComputingVirtualAccelerator = accelerators;
  if (shares.length > 0) {
    document.Share = shares;
    document.MappingPolicy = mappings;
  }
  document.AccessPolicy = [
    {
      ...base(`${endpointId}_policy`),
      Associations: { CloudComputingEndpoint: [endpointId] },
      Rule: options.vos.map((vo) => `VO:${vo.name}`),
      Scheme: 'org.glite.standard',
    },
  ];
  return document;
}
