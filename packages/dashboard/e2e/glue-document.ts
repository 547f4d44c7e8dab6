/**
 * A small GLUE 2.1 document written by hand in cloud-info-provider 1.x's shape (see
 * packages/sdk/src/formats/glue2.ts): one service and endpoint, one share per VO tied to its VO
 * by a MappingPolicy's PolicyUserDomain, and images and instance types associated with shares.
 */

export interface DocumentVo {
  vo: string;
  projectId: string;
  projectName: string;
}

export interface DocumentImage {
  id: string;
  name: string;
  osName: string;
  osVersion: string;
  /** VOs whose shares list the image. */
  vos: string[];
}

export interface DocumentFlavor {
  id: string;
  name: string;
  cpu: number;
  ramMb: number;
  diskGb: number;
  gpus?: { number: number; vendor: string; model: string };
  vos: string[];
}

export interface DocumentInput {
  site: string;
  endpointUrl: string;
  creationTime: Date;
  /** Seconds the document stays valid. */
  validity: number;
  vos: DocumentVo[];
  images: DocumentImage[];
  flavors: DocumentFlavor[];
}

export function glueDocument(input: DocumentInput): Record<string, unknown> {
  const base = input.endpointUrl.replace(/\/+$/, '');
  const created = input.creationTime.toISOString();
  const entity = (id: string, name: string) => ({
    ID: id,
    Name: name,
    CreationTime: created,
    Validity: input.validity,
  });
  const serviceId = `${base}_cloud.compute`;
  const endpointId = `${base}_OpenStack_v3`;
  const shareId = (vo: DocumentVo) => `${endpointId}_share_${vo.vo}_${vo.projectId}`;
  const sharesOf = (vos: string[]) =>
    input.vos.filter((vo) => vos.includes(vo.vo)).map((vo) => shareId(vo));

  return {
    CloudComputingService: [
      {
        ...entity(serviceId, 'Cloud Compute service'),
        Type: 'org.cloud.iaas',
        QualityLevel: 'production',
        StatusInfo: `https://argo.egi.eu/egi/report-status/Critical/SITES/${input.site}`,
        ServiceAUP: 'http://go.egi.eu/aup',
        Complexity: `endpointType=1,share=${input.vos.length}`,
        Capability: ['executionmanagement.dynamicvmdeploy', 'security.accounting'],
        OtherInfo: { site_name: input.site },
        Associations: { AdminDomain: [input.site] },
      },
    ],
    CloudComputingManager: [],
    CloudComputingEndpoint: [
      {
        ...entity(endpointId, 'Cloud Compute endpoint'),
        URL: input.endpointUrl,
        Capability: ['executionmanagement.dynamicvmdeploy'],
        QualityLevel: 'production',
        InterfaceName: 'org.openstack.nova',
        InterfaceVersion: '2.1',
        HealthState: 'ok',
        ServingState: 'production',
        Technology: 'webservice',
        Associations: { CloudComputingService: [serviceId] },
      },
    ],
    Share: input.vos.map((vo) => ({
      ...entity(shareId(vo), `Share for ${vo.vo}`),
      ProjectID: vo.projectId,
      OtherInfo: { project_name: vo.projectName },
      Associations: { CloudComputingService: [serviceId], CloudComputingEndpoint: [endpointId] },
    })),
    MappingPolicy: input.vos.map((vo) => ({
      ...entity(`${shareId(vo)}_Policy`, `Policy for ${vo.vo}`),
      Scheme: 'org.glite.standard',
      Rule: [`VO:${vo.vo}`],
      Associations: { Share: [shareId(vo)], PolicyUserDomain: [vo.vo] },
    })),
    AccessPolicy: [
      {
        ...entity(`${endpointId}_policy`, 'Access policy'),
        Scheme: 'org.glite.standard',
        Rule: input.vos.map((vo) => `VO:${vo.vo}`),
        Associations: { CloudComputingEndpoint: [endpointId] },
      },
    ],
    CloudComputingImage: input.images.map((image) => ({
      ...entity(image.id, image.name),
      MarketplaceURL: `https://registry.egi.eu/egi_vm_images/${encodeURIComponent(image.name)}`,
      OSPlatform: 'amd64',
      OSName: image.osName,
      OSVersion: image.osVersion,
      AccessInfo: 'none',
      OtherInfo: {
        'eu.egi.cloud.image_ref': `registry.egi.eu/egi_vm_images/${image.id}`,
        'eu.egi.cloud.tag': '2026.11',
      },
      Associations: { Share: sharesOf(image.vos) },
    })),
    CloudComputingInstanceType: input.flavors.map((flavor) => ({
      ...entity(flavor.id, flavor.name),
      Platform: 'amd64',
      CPU: flavor.cpu,
      RAM: flavor.ramMb,
      Disk: flavor.diskGb,
      NetworkIn: 'UNKNOWN',
      NetworkOut: true,
      Associations: {
        Share: sharesOf(flavor.vos),
        ...(flavor.gpus ? { CloudComputingVirtualAccelerator: [`${flavor.id}_gpu`] } : {}),
      },
    })),
    CloudComputingVirtualAccelerator: input.flavors.flatMap((flavor) =>
      flavor.gpus
        ? [
            {
              ...entity(`${flavor.id}_gpu`, `${flavor.gpus.vendor} ${flavor.gpus.model}`),
              Type: 'GPU',
              Number: flavor.gpus.number,
              Vendor: flavor.gpus.vendor,
              Model: flavor.gpus.model,
              ComputeCapability: ['cuda'],
              Associations: { CloudComputingInstanceType: [flavor.id] },
            },
          ]
        : [],
    ),
  };
}
