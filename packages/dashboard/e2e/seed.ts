import type {
  DowntimeInput,
  Endpoint,
  EndpointInput,
  SiteInput,
  VoInput,
} from '@fedcloud/hub/api-types';
import { glueDocument } from './glue-document.js';

/** Writes through the hub's real API with a bearer token, failing loudly with the hub's message. */
export function hubWriter(hubUrl: string, token: string) {
  return async function write<T>(method: string, path: string, body: unknown): Promise<T> {
    const response = await fetch(`${hubUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} -> ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

const HOUR = 3600_000;

export interface SeededFederation {
  /** Every site, and those drawn on the map (with coordinates). */
  sites: string[];
  placedSites: string[];
  /** The site with a published document: its VOs, image names and flavor names. */
  published: { site: string; vos: string[]; images: string[]; flavors: string[] };
  downtime: { site: string; description: string };
  vo: { name: string; sites: string[] };
  /** When SCAI's information expires. */
  staleFrom: Date;
}

const SCAI_VALIDITY_SECONDS = 13;

/**
 * A small federation covering each status: CESNET-MCC publishes fresh information (ok),
 * IFCA-LCG2 is in an outage (downtime), SCAI published long ago (stale), NEW-SITE never
 * published (no-info) and NOWHERE has no coordinates (table only).
 */
export async function seedFederation(
  hubUrl: string,
  token: string,
  now = new Date(),
): Promise<SeededFederation> {
  const write = hubWriter(hubUrl, token);
  const site = (input: SiteInput) => write('POST', '/sites', input);
  const endpoint = (name: string, input: EndpointInput) =>
    write<Endpoint>('POST', `/sites/${name}/endpoints`, input);
  const supportVo = (name: string, vo: string, projectId: string, projectName = '') =>
    write('PUT', `/sites/${name}/vos/${vo}`, { projectId, projectName });

  const vos: VoInput[] = [
    { name: 'vo.access.egi.eu', description: 'EGI Access: compute for any researcher' },
    { name: 'training.egi.eu', description: 'Training events' },
    { name: 'fedcloud.egi.eu', description: 'Federated cloud operations' },
  ];
  for (const vo of vos) await write('POST', '/vos', vo);

  const common = {
    certificationStatus: 'Certified',
    productionInfrastructure: 'Production',
  } as const;
  await site({
    name: 'CESNET-MCC',
    officialName: 'CESNET MetaCentrum Cloud',
    country: 'Czech Republic',
    countryCode: 'CZ',
    roc: 'NGI_CZ',
    latitude: 49.2,
    longitude: 16.6,
    timezone: 'Europe/Prague',
    contactEmail: 'cloud@example.cz',
    description: 'The Czech national research cloud.',
    ...common,
  });
  await site({
    name: 'IFCA-LCG2',
    officialName: 'Instituto de Física de Cantabria',
    country: 'Spain',
    countryCode: 'ES',
    roc: 'NGI_IBERGRID',
    latitude: 43.47,
    longitude: -3.8,
    ...common,
  });
  await site({
    name: 'SCAI',
    country: 'Germany',
    countryCode: 'DE',
    roc: 'NGI_DE',
    latitude: 50.75,
    longitude: 7.2,
    ...common,
  });
  await site({
    name: 'NEW-SITE',
    country: 'Poland',
    countryCode: 'PL',
    latitude: 50.06,
    longitude: 19.94,
    certificationStatus: 'Candidate',
    productionInfrastructure: 'Test',
  });
  await site({ name: 'NOWHERE', country: 'Netherlands', countryCode: 'NL', ...common });

  const keystone = (host: string) => `https://${host}:5000/v3`;
  await endpoint('CESNET-MCC', {
    serviceType: 'org.openstack.nova',
    url: keystone('identity.cloud.example.cz'),
    inProduction: true,
    monitored: true,
  });
  await endpoint('CESNET-MCC', {
    serviceType: 'eu.egi.cloud.accounting',
    url: 'https://acct.cloud.example.cz/',
    inProduction: false,
    monitored: false,
    beta: true,
  });
  const ifca = await endpoint('IFCA-LCG2', {
    serviceType: 'org.openstack.nova',
    url: keystone('keystone.ifca.example.es'),
    inProduction: true,
    monitored: true,
  });
  await endpoint('SCAI', {
    serviceType: 'org.openstack.nova',
    url: keystone('cloud.scai.example.de'),
    inProduction: true,
    monitored: true,
  });

  await supportVo('CESNET-MCC', 'vo.access.egi.eu', 'a1b2c3d4', 'egi-access');
  await supportVo('IFCA-LCG2', 'vo.access.egi.eu', 'ifca-0001', 'vo-access');
  await supportVo('IFCA-LCG2', 'fedcloud.egi.eu', 'ifca-0002');
  await supportVo('SCAI', 'training.egi.eu', 'scai-0001');

  // A WARNING downtime is shown as ongoing but leaves the site's status alone.
  await write('POST', '/sites/CESNET-MCC/downtimes', {
    classification: 'SCHEDULED',
    severity: 'WARNING',
    description: 'Kernel upgrades, reduced capacity',
    startAt: new Date(now.getTime() - 2 * HOUR).toISOString(),
    endAt: new Date(now.getTime() + 2 * HOUR).toISOString(),
  } satisfies DowntimeInput);
  const outage: DowntimeInput = {
    classification: 'UNSCHEDULED',
    severity: 'OUTAGE',
    description: 'Storage back-end failure',
    startAt: new Date(now.getTime() - HOUR).toISOString(),
    endAt: new Date(now.getTime() + 5 * HOUR).toISOString(),
    endpointIds: [ifca.id],
  };
  await write('POST', '/sites/IFCA-LCG2/downtimes', outage);
  await write('POST', '/sites/IFCA-LCG2/downtimes', {
    classification: 'SCHEDULED',
    severity: 'WARNING',
    description: 'Network maintenance',
    startAt: new Date(now.getTime() + 48 * HOUR).toISOString(),
    endAt: new Date(now.getTime() + 50 * HOUR).toISOString(),
  } satisfies DowntimeInput);

  const published = glueDocument({
    site: 'CESNET-MCC',
    endpointUrl: keystone('identity.cloud.example.cz'),
    creationTime: new Date(now.getTime() - 10 * 60_000),
    validity: 43_200,
    vos: [
      { vo: 'vo.access.egi.eu', projectId: 'a1b2c3d4', projectName: 'egi-access' },
      { vo: 'training.egi.eu', projectId: 'e5f6a7b8', projectName: 'egi-training' },
    ],
    images: [
      {
        id: 'img-ubuntu-2404',
        name: 'Ubuntu 24.04',
        osName: 'ubuntu',
        osVersion: '24.04',
        vos: ['vo.access.egi.eu', 'training.egi.eu'],
      },
      {
        id: 'img-alma-9',
        name: 'AlmaLinux 9',
        osName: 'almalinux',
        osVersion: '9',
        vos: ['vo.access.egi.eu'],
      },
    ],
    flavors: [
      {
        id: 'fl-small',
        name: 'm1.small',
        cpu: 1,
        ramMb: 2048,
        diskGb: 20,
        vos: ['vo.access.egi.eu', 'training.egi.eu'],
      },
      {
        id: 'fl-large',
        name: 'm1.large',
        cpu: 4,
        ramMb: 8192,
        diskGb: 80,
        vos: ['vo.access.egi.eu'],
      },
      {
        id: 'fl-gpu',
        name: 'g1.a100',
        cpu: 8,
        ramMb: 65536,
        diskGb: 160,
        gpus: { number: 1, vendor: 'NVIDIA', model: 'A100' },
        vos: ['vo.access.egi.eu'],
      },
    ],
  });
  await write('PUT', '/sites/CESNET-MCC/info', published);

  // Valid for a few seconds: the hub refuses a document already expired, so SCAI is published
  // fresh and is stale by `staleFrom` (the test waits for it).
  await write(
    'PUT',
    '/sites/SCAI/info',
    glueDocument({
      site: 'SCAI',
      endpointUrl: keystone('cloud.scai.example.de'),
      creationTime: new Date(now.getTime() - 10_000),
      validity: SCAI_VALIDITY_SECONDS,
      vos: [{ vo: 'training.egi.eu', projectId: 'scai-0001', projectName: 'training' }],
      images: [
        {
          id: 'img-debian-12',
          name: 'Debian 12',
          osName: 'debian',
          osVersion: '12',
          vos: ['training.egi.eu'],
        },
      ],
      flavors: [
        { id: 'fl-tiny', name: 'tiny', cpu: 1, ramMb: 1024, diskGb: 10, vos: ['training.egi.eu'] },
      ],
    }),
  );

  return {
    staleFrom: new Date(now.getTime() - 10_000 + SCAI_VALIDITY_SECONDS * 1000),
    sites: ['CESNET-MCC', 'IFCA-LCG2', 'NEW-SITE', 'NOWHERE', 'SCAI'],
    placedSites: ['CESNET-MCC', 'IFCA-LCG2', 'NEW-SITE', 'SCAI'],
    published: {
      site: 'CESNET-MCC',
      vos: ['training.egi.eu', 'vo.access.egi.eu'],
      images: ['AlmaLinux 9', 'Ubuntu 24.04'],
      flavors: ['g1.a100', 'm1.large', 'm1.small'],
    },
    downtime: { site: 'IFCA-LCG2', description: 'Storage back-end failure' },
    vo: { name: 'vo.access.egi.eu', sites: ['CESNET-MCC', 'IFCA-LCG2'] },
  };
}
