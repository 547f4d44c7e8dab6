import { createHmac } from 'node:crypto';
import { stableKeystoneId, stableUuid } from './ids.js';
import type { FlavorSeed, ImageSeed, Quotas, SiteSpec, VoProject } from './spec.js';

/** The project owning the images the site's image sync puts in Glance. */
export const IMAGES_PROJECT_NAME = 'fedcloud-images';

export const SANDBOX_VOS = ['vo.access.egi.eu', 'training.egi.eu', 'fedcloud.egi.eu'] as const;

const GREEK = [
  'ALPHA',
  'BETA',
  'GAMMA',
  'DELTA',
  'EPSILON',
  'ZETA',
  'ETA',
  'THETA',
  'IOTA',
  'KAPPA',
  'LAMBDA',
  'MU',
  'NU',
  'XI',
  'OMICRON',
  'PI',
  'RHO',
  'SIGMA',
  'TAU',
  'UPSILON',
  'PHI',
  'CHI',
  'PSI',
  'OMEGA',
];

export interface SiteSpecOptions {
  count: number;
  buildDelayMs: number;
  tokenTtlSeconds: number;
  /** Secret from which each site's admin password is derived, so restarts keep passwords. */
  secret: string;
  quotas?: Partial<Quotas>;
}

export const DEFAULT_QUOTAS: Quotas = {
  instances: 10,
  cores: 20,
  ram: 51200,
  key_pairs: 100,
  floating_ips: 10,
  security_groups: 10,
  volumes: 10,
  gigabytes: 1000,
};

export function siteName(index: number): string {
  const greek = GREEK[index];
  return greek ? `SANDBOX-${greek}` : `SANDBOX-${String(index + 1).padStart(3, '0')}`;
}

/** Which VOs a site supports: every site has vo.access.egi.eu, the others vary. */
function sitesVos(index: number): string[] {
  if (index === 0) return [...SANDBOX_VOS];
  if (index === 1) return ['vo.access.egi.eu', 'training.egi.eu'];
  if (index === 2) return ['vo.access.egi.eu', 'fedcloud.egi.eu'];
  return SANDBOX_VOS.filter((vo, i) => i === 0 || index % (i + 1) === 0);
}

/**
 * Project names differ per site as they do in EGI: `VO:<vo>`, the VO with dots as underscores,
 * or a name of the site's own choosing. Clients must find projects by id, never by name.
 */
export function projectName(index: number, vo: string): string {
  switch (index % 3) {
    case 0:
      return `VO:${vo}`;
    case 1:
      return vo.replaceAll('.', '_');
    default:
      // e.g. vo.access.egi.eu -> EGI_access, as one real site names it.
      return `EGI_${vo.split('.').find((label) => label !== 'vo') ?? vo}`;
  }
}

function flavors(site: string, index: number): FlavorSeed[] {
  const plain: [string, number, number, number][] = [
    ['m1.nano', 1, 64, 1],
    ['m1.small', 1, 2048, 10],
    ['m1.medium', 2, 4096, 20],
    ['m1.large', 4, 8192, 30],
    ['m1.xlarge', 8, 16384, 40],
  ];
  const seeds: FlavorSeed[] = plain.map(([name, vcpus, ram, disk]) => ({
    id: stableUuid(site, 'flavor', name),
    name,
    vcpus,
    ram,
    disk,
    ephemeral: 0,
    extraSpecs: {},
  }));
  if (index % 4 === 0) {
    seeds.push({
      id: stableUuid(site, 'flavor', 'g1.large-v100'),
      name: 'g1.large-v100',
      vcpus: 8,
      ram: 32768,
      disk: 80,
      ephemeral: 0,
      extraSpecs: {
        'Accelerator:Number': '1',
        'Accelerator:Vendor': 'nvidia',
        'Accelerator:Model': 'Tesla V100',
        'Accelerator:Type': 'GPU',
        'pci_passthrough:alias': 'V100:1',
      },
    });
  }
  return seeds;
}

function images(site: string): ImageSeed[] {
  const list: [string, string, string, string][] = [
    [
      'Image for EGI Ubuntu 22.04 [Ubuntu/22.04/KVM]',
      'ubuntu',
      '22.04',
      'egi_vm_images/ubuntu:22.04',
    ],
    ['Image for EGI CentOS Stream 9 [CentOS/9/KVM]', 'centos', '9', 'egi_vm_images/centos:9'],
    ['Image for EGI Docker [Ubuntu/22.04/KVM]', 'ubuntu', '22.04', 'egi_vm_images/docker:22.04'],
  ];
  return list.map(([name, osDistro, osVersion, ref]) => ({
    id: stableUuid(site, 'image', name),
    name,
    osDistro,
    osVersion,
    properties: {
      architecture: 'x86_64',
      os_distro: osDistro,
      os_version: osVersion,
      'eu.egi.cloud.image_ref': ref,
      'eu.egi.cloud.tag': '2026-10-01',
    },
  }));
}

export function buildSiteSpec(index: number, options: SiteSpecOptions): SiteSpec {
  const name = siteName(index);
  const vos: VoProject[] = sitesVos(index).map((vo) => ({
    vo,
    projectId: stableKeystoneId(name, 'project', vo),
    projectName: projectName(index, vo),
  }));
  return {
    name,
    index,
    region: 'RegionOne',
    identityProvider: 'egi.eu',
    protocols: ['openid', 'oidc'],
    adminProjectId: stableKeystoneId(name, 'project', 'admin'),
    adminUserId: stableKeystoneId(name, 'user', 'admin'),
    adminPassword: createHmac('sha256', options.secret)
      .update(`admin@${name}`)
      .digest('base64url')
      .slice(0, 24),
    agentUserId: stableKeystoneId(name, 'user', 'fedcloud-agent'),
    imagesProjectId: stableKeystoneId(name, 'project', IMAGES_PROJECT_NAME),
    agentPassword: createHmac('sha256', options.secret)
      .update(`fedcloud-agent@${name}`)
      .digest('base64url')
      .slice(0, 24),
    vos,
    flavors: flavors(name, index),
    images: images(name),
    quotas: { ...DEFAULT_QUOTAS, ...options.quotas },
    buildDelayMs: options.buildDelayMs,
    tokenTtlSeconds: options.tokenTtlSeconds,
  };
}

export function buildSiteSpecs(options: SiteSpecOptions): SiteSpec[] {
  return Array.from({ length: options.count }, (_, index) => buildSiteSpec(index, options));
}
