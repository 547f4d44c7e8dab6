import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLI, type CliRun } from './cli-sandbox.js';

/**
 * The CLI against a hub it reaches over HTTP. The hub here is a stand-in serving the two
 * documents the CLI reads (cloud-info's site list, GOCDB's endpoint list), so outages and bad
 * answers can be staged; site-hub-real.int.test.ts runs the same commands against the real hub.
 */
const SITES = [
  {
    id: '1G0',
    name: 'HUB-ALPHA',
    url: 'https://alpha.example.org:5000/v3',
    state: '',
    hostname: 'alpha.example.org',
    projects: [
      { id: 'pa1', name: 'vo.access.egi.eu' },
      { id: 'pa2', name: 'training.egi.eu' },
    ],
  },
  {
    id: '2G0',
    name: 'HUB-BETA',
    url: 'https://beta.example.org:5000/v3',
    state: '',
    hostname: 'beta.example.org',
    projects: [{ id: 'pb1', name: 'vo.access.egi.eu' }],
  },
];

const endpointXml = (site: string, url: string, production: string, monitored: string) => `
  <SERVICE_ENDPOINT PRIMARY_KEY="${site}G0">
    <PRIMARY_KEY>${site}G0</PRIMARY_KEY>
    <HOSTNAME>${new URL(url).hostname}</HOSTNAME>
    <SERVICE_TYPE>org.openstack.nova</SERVICE_TYPE>
    <IN_PRODUCTION>${production}</IN_PRODUCTION>
    <NODE_MONITORED>${monitored}</NODE_MONITORED>
    <SITENAME>${site}</SITENAME>
    <URL>${url}</URL>
  </SERVICE_ENDPOINT>`;

const ENDPOINTS = [
  { site: 'HUB-ALPHA', url: 'https://alpha.example.org:5000/v3', production: 'Y', monitored: 'Y' },
  { site: 'HUB-BETA', url: 'https://beta.example.org:5000/v3', production: 'N', monitored: 'Y' },
  { site: 'HUB-GAMMA', url: 'https://gamma.example.org:5000/v3', production: 'Y', monitored: 'N' },
  // Registered, production and monitored, but not (yet) certified.
  { site: 'HUB-DELTA', url: 'https://delta.example.org:5000/v3', production: 'Y', monitored: 'Y' },
];
const CERTIFIED = ['HUB-ALPHA', 'HUB-BETA', 'HUB-GAMMA'];

let server: Server;
let hub: string;
let requests: string[];
let down: number | undefined;
let home: string;
let folder: string;

/** GOCDB's filters done the way GOCDB does them: monitored and sitename in the query. */
function gocdb(url: URL, res: ServerResponse): void {
  if (url.searchParams.get('method') === 'get_site_list') {
    const certified = url.searchParams.get('certification_status') === 'Certified';
    const names = certified ? CERTIFIED : ENDPOINTS.map((e) => e.site);
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(`<results>${names.map((n) => `<SITE NAME="${n}"/>`).join('')}</results>`);
    return;
  }
  const monitored = url.searchParams.get('monitored');
  const site = url.searchParams.get('sitename');
  const rows = ENDPOINTS.filter(
    (e) =>
      url.searchParams.get('service_type') === 'org.openstack.nova' &&
      (monitored !== 'Y' || e.monitored === 'Y') &&
      (site === null || e.site === site),
  );
  res.writeHead(200, { 'content-type': 'text/xml' });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<results>${rows
      .map((e) => endpointXml(e.site, e.url, e.production, e.monitored))
      .join('')}\n</results>\n`,
  );
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  requests.push(req.url ?? '');
  if (down !== undefined) {
    res.writeHead(down);
    res.end();
    return;
  }
  const url = new URL(req.url ?? '/', hub);
  if (url.pathname === '/sites/' && url.searchParams.get('include_projects') === 'true') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(SITES));
  } else if (url.pathname === '/gocdbpi/public/') {
    gocdb(url, res);
  } else {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"detail":"Not Found"}');
  }
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  hub = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  folder = await mkdtemp(join(tmpdir(), 'fedcloud-hub-folder-'));
  await writeFile(
    join(folder, 'LOCAL-SITE.yaml'),
    'gocdb: LOCAL-SITE\nendpoint: https://local.example.org:5000/v3/\nvos:\n  - name: vo.access.egi.eu\n    auth: {project_id: pl1}\n',
  );
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
  await rm(folder, { recursive: true, force: true });
});

beforeEach(async () => {
  requests = [];
  down = undefined;
  if (home) await rm(home, { recursive: true, force: true });
  home = await mkdtemp(join(tmpdir(), 'fedcloud-hub-home-'));
});

function run(args: string[], extra: Record<string, string | undefined> = {}): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    NO_COLOR: '1',
    FEDCLOUD_HUB: hub,
  };
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env, cwd: home, timeout: 60_000 },
      (error, stdout, stderr) => {
        done({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          stderr,
        });
      },
    );
  });
}

const lines = (text: string) => text.trim().split('\n');

describe('fedcloud site with FEDCLOUD_HUB', () => {
  it('lists the hub sites, filters by VO and says where they came from', async () => {
    const all = await run(['site', 'list']);
    expect(all).toMatchObject({ code: 0, stderr: '' });
    expect(lines(all.stdout)).toEqual(['HUB-ALPHA', 'HUB-BETA']);
    const training = await run(['site', 'list', '--vo', 'training.egi.eu']);
    expect(lines(training.stdout)).toEqual(['HUB-ALPHA']);
    const json = await run(['site', 'list', '--json']);
    expect(JSON.parse(json.stdout)).toEqual([
      {
        name: 'HUB-ALPHA',
        endpoint: 'https://alpha.example.org:5000/v3',
        protocol: 'openid',
        vos: ['vo.access.egi.eu', 'training.egi.eu'],
        source: `${hub}/sites/`,
      },
      {
        name: 'HUB-BETA',
        endpoint: 'https://beta.example.org:5000/v3',
        protocol: 'openid',
        vos: ['vo.access.egi.eu'],
        source: `${hub}/sites/`,
      },
    ]);
    // One request; the next two commands used the cached list.
    expect(requests).toEqual(['/sites/?include_projects=true']);
  });

  it('keeps a site the hub reports unreachable in the list, and says so on stderr', async () => {
    SITES.push({
      id: '3G0',
      name: 'HUB-DOWN',
      url: 'https://down.example.org:5000/v3',
      state: 'unreachable',
      hostname: 'down.example.org',
      projects: [{ id: 'pd1', name: 'vo.access.egi.eu' }],
    });
    try {
      const text = await run(['site', 'list', '--vo', 'vo.access.egi.eu']);
      expect(text.code).toBe(0);
      expect(lines(text.stdout)).toEqual(['HUB-ALPHA', 'HUB-BETA', 'HUB-DOWN']);
      expect(text.stderr).toBe(
        'warning: site HUB-DOWN is unreachable: its agent cannot read it, so its VOs are as last read\n',
      );
      const json = await run(['site', 'list', '--json', '--refresh']);
      const down = (JSON.parse(json.stdout) as { name: string; state?: string }[]).find(
        (site) => site.name === 'HUB-DOWN',
      );
      expect(down?.state).toBe('unreachable');
    } finally {
      SITES.pop();
    }
  });

  it('save-config writes only inside the site folder, whatever names a hub sends', async () => {
    const evil = ['../../escaped', 'a/b', '.hidden', 'ESC\u001b]0;title\u0007'];
    for (const [i, name] of evil.entries()) {
      SITES.push({
        id: `${9 + i}G0`,
        name,
        url: `https://evil${i}.example.org:5000/v3`,
        state: '',
        hostname: `evil${i}.example.org`,
        projects: [{ id: `pe${i}`, name: 'vo.access.egi.eu' }],
      });
    }
    try {
      const r = await run(['site', 'save-config']);
      expect(r.code).toBe(0);
      const dir = join(home, '.config', 'fedcloud', 'site-config');
      expect((await readdir(dir)).sort()).toEqual(['HUB-ALPHA.yaml', 'HUB-BETA.yaml']);
      expect(await readdir(join(home, '.config'))).toEqual(['fedcloud']);
      await expect(stat(join(home, 'escaped.yaml'))).rejects.toThrow();
      expect(r.stderr).toContain(
        'warning: site "../../escaped" not saved: its name cannot be a file name (it holds a path separator)',
      );
      expect(r.stderr).toContain('(it starts with a dot)');
      expect(r.stderr).toContain('"ESC\\u001b]0;title\\u0007" not saved');
      expect(r.stderr).not.toContain('\u001b');
    } finally {
      SITES.splice(2);
    }
  });

  it('shows a hub site in the site-file format and the VO project for env', async () => {
    const show = await run(['site', 'show', '--site', 'hub-alpha']);
    expect(show.code).toBe(0);
    expect(parse(show.stdout)).toEqual({
      gocdb: 'HUB-ALPHA',
      endpoint: 'https://alpha.example.org:5000/v3',
      protocol: 'openid',
      vos: [
        { name: 'vo.access.egi.eu', auth: { project_id: 'pa1' } },
        { name: 'training.egi.eu', auth: { project_id: 'pa2' } },
      ],
    });
    const project = await run([
      'site',
      'show-project-id',
      '--site',
      'HUB-BETA',
      '--vo',
      'vo.access.egi.eu',
    ]);
    expect(project.stdout).toContain('export OS_PROJECT_ID="pb1";');
    const unknown = await run(['site', 'show', '--site', 'HUB-ALHPA']);
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toContain(`unknown site "HUB-ALHPA" (hub ${hub})`);
    expect(unknown.stderr).toContain('Did you mean: HUB-ALPHA?');
  });

  it('asks again with --refresh or FEDCLOUD_HUB_TTL=0, and refuses a bad TTL', async () => {
    await run(['site', 'list']);
    await run(['site', 'list', '--refresh']);
    await run(['site', 'list'], { FEDCLOUD_HUB_TTL: '0' });
    await run(['site', 'list']);
    expect(requests).toHaveLength(3);
    const bad = await run(['site', 'list'], { FEDCLOUD_HUB_TTL: 'soon' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('FEDCLOUD_HUB_TTL must be a whole number of seconds');
  });

  it('uses the cached list with a warning when the hub is down', async () => {
    await run(['site', 'list']);
    down = 503;
    const r = await run(['site', 'list', '--json'], { FEDCLOUD_HUB_TTL: '0' });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      new RegExp(
        `^\\[WARN\\] hub ${hub} is unreachable \\(HTTP 503 Service Unavailable\\); using its site list from less than a minute ago\\n$`,
      ),
    );
    const sites = JSON.parse(r.stdout) as { name: string; source: string }[];
    expect(sites.map((s) => s.name)).toEqual(['HUB-ALPHA', 'HUB-BETA']);
    expect(sites[0]?.source).toMatch(new RegExp(`^${hub}/sites/ \\(cached \\d{4}-`));
  });

  it('falls back to the site folder with a warning, else fails naming the hub (exit 5)', async () => {
    down = 502;
    const fallback = await run(['site', 'list', '--json'], { FEDCLOUD_SITE_CONFIG_DIR: folder });
    expect(fallback.code).toBe(0);
    expect(fallback.stderr).toBe(
      `[WARN] hub ${hub} is unreachable (HTTP 502 Bad Gateway); using site folder ${folder}\n`,
    );
    expect(JSON.parse(fallback.stdout)).toEqual([
      expect.objectContaining({ name: 'LOCAL-SITE', source: join(folder, 'LOCAL-SITE.yaml') }),
    ]);

    const none = await run(['site', 'list']);
    expect(none.code).toBe(5);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain(
      `cannot list the sites: the hub ${hub} is unreachable (HTTP 502 Bad Gateway)`,
    );
    expect(none.stderr).toContain('FEDCLOUD_HUB');
    expect(none.stderr).toContain('failed too: the site folder');
  });

  it('refuses a URL that is not a hub (exit 4) and one that is not a URL (exit 2)', async () => {
    const wrong = await run(['site', 'list'], { FEDCLOUD_HUB: `${hub}/not-here` });
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toContain(`the hub ${hub}/not-here refused the site list: HTTP 404`);
    const garbage = await run(['site', 'list'], { FEDCLOUD_HUB: 'hub.example.org' });
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toContain('the hub URL "hub.example.org" is not an http(s) URL');
  });

  it('refuses a hub URL with credentials clearly (exit 2), never printing them', async () => {
    const withPassword = hub.replace('http://', 'http://operator:hunter2@');
    const r = await run(['site', 'list', '--debug'], { FEDCLOUD_HUB: withPassword });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('holds a user name or password');
    expect(r.stdout + r.stderr).not.toContain('hunter2');
    expect(requests).toEqual([]);
  });
});

describe('fedcloud endpoint list with FEDCLOUD_HUB', () => {
  const rows = (r: CliRun) =>
    (JSON.parse(r.stdout) as { site: string; type: string; url: string }[]).map((e) => e.site);

  it('reads GOCDB from the hub: certified sites, production and monitored endpoints', async () => {
    const table = await run(['endpoint', 'list']);
    expect(table.code).toBe(0);
    expect(lines(table.stdout)).toEqual([
      expect.stringMatching(/^Site\s+type\s+URL$/),
      expect.stringMatching(/^-+\s+-+\s+-+$/),
      expect.stringMatching(
        /^HUB-ALPHA\s+org\.openstack\.nova\s+https:\/\/alpha\.example\.org:5000\/v3$/,
      ),
    ]);
    expect(requests.sort()).toEqual([
      '/gocdbpi/public/?method=get_service_endpoint&service_type=org.openstack.nova&monitored=Y',
      '/gocdbpi/public/?method=get_site_list&certification_status=Certified',
    ]);
  });

  it('honours --not-production, --not-monitored and --site (any certification then)', async () => {
    expect(rows(await run(['endpoint', 'list', '--json', '--not-production']))).toEqual([
      'HUB-ALPHA',
      'HUB-BETA',
    ]);
    expect(
      rows(await run(['endpoint', 'list', '--json', '--not-production', '--not-monitored'])),
    ).toEqual(['HUB-ALPHA', 'HUB-BETA', 'HUB-GAMMA']);
    expect(rows(await run(['endpoint', 'list', '--json', '--not-monitored']))).toEqual([
      'HUB-ALPHA',
      'HUB-GAMMA',
    ]);
    expect(
      rows(await run(['endpoint', 'list', '--json', '--not-production', '--site', 'HUB-BETA'])),
    ).toEqual(['HUB-BETA']);
    expect(rows(await run(['endpoint', 'list', '--json', '--site', 'HUB-DELTA']))).toEqual([
      'HUB-DELTA',
    ]);
    expect(requests).toContain(
      '/gocdbpi/public/?method=get_service_endpoint&service_type=org.openstack.nova&monitored=Y&sitename=HUB-BETA',
    );
  });

  it('names GOCDB at the hub when it is down (exit 5)', async () => {
    down = 500;
    const r = await run(['endpoint', 'list']);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(`GOCDB at ${hub}/gocdbpi/public/ is unreachable: HTTP 500`);
  });
});
