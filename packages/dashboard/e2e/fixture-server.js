// Development aid only (the e2e tests run against a real hub): serves the built dashboard with
// hand-written API answers, so the pages can be looked at before the hub's routes exist.
//   node packages/dashboard/e2e/fixture-server.js [port]     (after `npm run build -w @fedcloud/dashboard`)
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../../hub/public/dashboard/', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

const hour = 3600_000;
const at = (offset) => new Date(Date.now() + offset).toISOString();

const summary = (name, extra) => ({
  name,
  officialName: name,
  country: '',
  countryCode: '',
  latitude: null,
  longitude: null,
  certificationStatus: 'Certified',
  productionInfrastructure: 'Production',
  status: 'ok',
  voCount: 0,
  endpointCount: 0,
  lastPublishedAt: null,
  infoExpiresAt: null,
  ...extra,
});

const sites = [
  summary('CESNET-MCC', {
    country: 'Czech Republic',
    countryCode: 'CZ',
    latitude: 49.2,
    longitude: 16.6,
    voCount: 2,
    endpointCount: 2,
    lastPublishedAt: at(-2 * hour),
    infoExpiresAt: at(10 * hour),
  }),
  summary('IFCA-LCG2', {
    country: 'Spain',
    countryCode: 'ES',
    latitude: 43.47,
    longitude: -3.8,
    status: 'stale',
    voCount: 1,
    endpointCount: 1,
    lastPublishedAt: at(-30 * hour),
    infoExpiresAt: at(-18 * hour),
  }),
  summary('INFN-CATANIA', {
    country: 'Italy',
    countryCode: 'IT',
    latitude: 37.5,
    longitude: 15.07,
    status: 'downtime',
    voCount: 1,
    endpointCount: 1,
    lastPublishedAt: at(-1 * hour),
    infoExpiresAt: at(11 * hour),
  }),
  summary('NEW-SITE', {
    country: 'Poland',
    countryCode: 'PL',
    latitude: 50.06,
    longitude: 19.94,
    status: 'no-info',
  }),
  summary('NOWHERE', { country: 'Netherlands', countryCode: 'NL', status: 'no-info' }),
];

const image = (id, name, vo, os, version) => ({
  id,
  name,
  vo,
  projectId: `p-${vo}`,
  marketplaceUrl: `https://registry.egi.eu/egi_vm_images/${name}`,
  osName: os,
  osVersion: version,
  osPlatform: 'x86_64',
  egiId: `registry.egi.eu/egi_vm_images/${name}:2026.01`,
});
const flavor = (id, name, vo, cpu, ramMb, diskGb, gpus = 0) => ({
  id,
  name,
  vo,
  cpu,
  ramMb,
  diskGb,
  gpus,
  gpuVendor: gpus ? 'NVIDIA' : null,
  gpuModel: gpus ? 'A100' : null,
});

const details = {
  'CESNET-MCC': {
    description: 'MetaCentrum Cloud, the Czech national research cloud.',
    roc: 'NGI_CZ',
    contactEmail: 'cloud@example.cz',
    contactTel: '+420 000 000',
    homeUrl: 'https://cloud.example.cz',
    timezone: 'Europe/Prague',
    extensions: { 'eu.egi.cloud.region': 'brno1' },
    endpoints: [
      {
        id: 1,
        primaryKey: '1G0',
        site: 'CESNET-MCC',
        serviceType: 'org.openstack.nova',
        hostname: 'identity.cloud.example.cz',
        url: 'https://identity.cloud.example.cz:5000/v3',
        hostDn: '',
        inProduction: true,
        monitored: true,
        beta: false,
        description: '',
      },
      {
        id: 2,
        primaryKey: '2G0',
        site: 'CESNET-MCC',
        serviceType: 'eu.egi.cloud.accounting',
        hostname: 'acct.cloud.example.cz',
        url: 'https://acct.cloud.example.cz',
        hostDn: '',
        inProduction: false,
        monitored: false,
        beta: true,
        description: '',
      },
    ],
    vos: [
      {
        vo: 'vo.access.egi.eu',
        projectId: 'a1b2c3',
        projectName: 'egi-access',
        source: 'registry',
      },
      { vo: 'training.egi.eu', projectId: 'd4e5f6', projectName: 'egi-training', source: 'info' },
    ],
    downtimes: [
      {
        id: 7,
        primaryKey: '7G0',
        site: 'CESNET-MCC',
        classification: 'SCHEDULED',
        severity: 'WARNING',
        description: 'Kernel upgrades',
        startAt: at(48 * hour),
        endAt: at(52 * hour),
        insertedAt: at(-hour),
        endpointIds: [1],
        ongoing: false,
      },
    ],
    images: [
      image('i1', 'Ubuntu 24.04', 'vo.access.egi.eu', 'Ubuntu', '24.04'),
      image('i2', 'AlmaLinux 9', 'vo.access.egi.eu', 'AlmaLinux', '9'),
      image('i3', 'Ubuntu 24.04', 'training.egi.eu', 'Ubuntu', '24.04'),
    ],
    flavors: [
      flavor('f1', 'standard.small', 'vo.access.egi.eu', 1, 2048, 20),
      flavor('f2', 'standard.medium', 'vo.access.egi.eu', 2, 4096, 40),
      flavor('f3', 'standard.large', 'vo.access.egi.eu', 4, 8192, 80),
      flavor('f4', 'gpu.a100', 'vo.access.egi.eu', 8, 65536, 160, 1),
      flavor('f1', 'standard.small', 'training.egi.eu', 1, 2048, 20),
    ],
  },
  'INFN-CATANIA': {
    endpoints: [
      {
        id: 3,
        primaryKey: '3G0',
        site: 'INFN-CATANIA',
        serviceType: 'org.openstack.nova',
        hostname: 'keystone.ct.example.it',
        url: 'https://keystone.ct.example.it/v3',
        hostDn: '',
        inProduction: true,
        monitored: true,
        beta: false,
        description: '',
      },
    ],
    vos: [{ vo: 'vo.access.egi.eu', projectId: 'ct-1', projectName: '', source: 'registry' }],
    downtimes: [
      {
        id: 8,
        primaryKey: '8G0',
        site: 'INFN-CATANIA',
        classification: 'UNSCHEDULED',
        severity: 'OUTAGE',
        description: 'Storage failure',
        startAt: at(-3 * hour),
        endAt: at(5 * hour),
        insertedAt: at(-3 * hour),
        endpointIds: [3],
        ongoing: true,
      },
    ],
    images: [image('j1', 'Ubuntu 24.04', 'vo.access.egi.eu', 'Ubuntu', '24.04')],
    flavors: [flavor('m1', 'm1.small', 'vo.access.egi.eu', 1, 2048, 20)],
  },
};

function siteDetail(site) {
  const extra = details[site.name] ?? {};
  return {
    description: '',
    roc: '',
    contactEmail: '',
    contactTel: '',
    homeUrl: '',
    timezone: '',
    extensions: {},
    endpoints: [],
    vos: [],
    downtimes: [],
    ...site,
    ...extra,
    images: undefined,
    flavors: undefined,
  };
}

const vos = [
  {
    name: 'vo.access.egi.eu',
    description: 'EGI Access',
    siteCount: 2,
    homepage: 'https://access.example.eu',
  },
  { name: 'training.egi.eu', description: 'Training infrastructure', siteCount: 1, homepage: '' },
  { name: 'fedcloud.egi.eu', description: 'Federated cloud testing', siteCount: 0, homepage: '' },
];

function voDetail(vo) {
  const where = sites.flatMap((site) =>
    (details[site.name]?.vos ?? [])
      .filter((entry) => entry.vo === vo.name)
      .map((entry) => ({
        site: site.name,
        status: site.status,
        projectId: entry.projectId,
        projectName: entry.projectName,
        images: (details[site.name].images ?? []).filter((i) => i.vo === vo.name),
      })),
  );
  return { ...vo, sites: where };
}

function api(path) {
  const notFound = (what) => [404, { error: { code: 'NOT_FOUND', message: `no such ${what}` } }];
  if (path === '/api/v1/overview') {
    const count = (status) => sites.filter((s) => s.status === status).length;
    return [
      200,
      {
        sites: sites.length,
        sitesOk: count('ok'),
        sitesStale: count('stale'),
        sitesNoInfo: count('no-info'),
        sitesInDowntime: count('downtime'),
        vos: vos.length,
        endpoints: 4,
        images: 4,
        generatedAt: at(0),
      },
    ];
  }
  if (path === '/api/v1/sites') return [200, sites];
  if (path === '/api/v1/vos') return [200, vos.map(({ homepage: _h, ...rest }) => rest)];
  let match = /^\/api\/v1\/sites\/([^/]+)(?:\/(images|flavors))?$/.exec(path);
  if (match) {
    const site = sites.find((s) => s.name === decodeURIComponent(match[1]));
    if (!site) return notFound(`site: ${decodeURIComponent(match[1])}`);
    if (match[2]) return [200, details[site.name]?.[match[2]] ?? []];
    return [200, siteDetail(site)];
  }
  match = /^\/api\/v1\/vos\/([^/]+)$/.exec(path);
  if (match) {
    const vo = vos.find((v) => v.name === decodeURIComponent(match[1]));
    return vo ? [200, voDetail(vo)] : notFound('VO');
  }
  return notFound('path');
}

export function startFixtureServer(port = 0) {
  const server = createServer(async (request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://local');
    if (pathname.startsWith('/api/')) {
      const [status, body] = api(pathname);
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return;
    }
    if (!pathname.startsWith('/dashboard')) {
      response.writeHead(404).end();
      return;
    }
    const relative = normalize(pathname.slice('/dashboard'.length)).replace(/^(\.\.[/\\])+/, '');
    // A page path may look like a file name (/vos/vo.access.egi.eu): serve the file when there is
    // one, else the app's index.html, except for missing assets, which must stay 404s.
    const candidates = [join(DIST, relative)];
    if (!relative.startsWith('/assets/')) candidates.push(join(DIST, 'index.html'));
    for (const file of candidates) {
      try {
        const body = await readFile(file);
        response
          .writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
          .end(body);
        return;
      } catch {
        // next candidate
      }
    }
    response.writeHead(404).end();
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        url: `http://127.0.0.1:${address.port}`,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await startFixtureServer(Number(process.argv[2] ?? 0));
  console.log(`fixture dashboard at ${url}/dashboard/`);
}
