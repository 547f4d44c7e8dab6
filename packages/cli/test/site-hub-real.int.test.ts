import { startFederation, type Federation } from '@fedcloud/local';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliSandbox, type CliSandbox } from './cli-sandbox.js';

/**
 * The CLI's site discovery against the real hub: a sandbox, the hub in front of it with every
 * site registered and published by its information agent (what `npm start` runs), and the CLI
 * told only FEDCLOUD_HUB (no site folder to fall back on, so nothing can hide a hub failure).
 */
let sb: CliSandbox;
let federation: Federation;

beforeAll(async () => {
  sb = await startCliSandbox();
  federation = await startFederation(sb.sandbox, { hubPort: 0, agentIntervalSeconds: 3600 });
});

afterAll(async () => {
  await federation?.stop();
  await sb?.stop();
});

const viaHub = (args: string[]) =>
  sb.run(args, {
    FEDCLOUD_HUB: federation.hubUrl,
    FEDCLOUD_HUB_TTL: '0',
    FEDCLOUD_SITE_CONFIG_DIR: undefined,
  });

const sitesWith = (vo: string) =>
  sb.sandbox.sites
    .filter((s) => s.vos.some((v) => v.vo === vo))
    .map((s) => s.name)
    .sort();

describe('fedcloud with FEDCLOUD_HUB set to the real hub', () => {
  it('site list --vo shows exactly the sites publishing the VO', async () => {
    const r = await viaHub(['site', 'list', '--vo', 'training.egi.eu']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n').sort()).toEqual(sitesWith('training.egi.eu'));
    expect(sitesWith('training.egi.eu').length).toBeLessThan(sb.sandbox.sites.length);

    const json = await viaHub(['site', 'list', '--json']);
    const sites = JSON.parse(json.stdout) as { name: string; source: string; vos: string[] }[];
    expect(sites.map((s) => s.name).sort()).toEqual(sb.sandbox.sites.map((s) => s.name).sort());
    for (const site of sites) expect(site.source).toBe(`${federation.hubUrl}/sites/`);
  });

  it('site show gives the same projects as the site files', async () => {
    const gamma = sb.sandbox.site('SANDBOX-GAMMA');
    const r = await viaHub(['site', 'show', '--site', 'sandbox-gamma']);
    expect(r.code, r.stderr).toBe(0);
    const doc = parse(r.stdout) as {
      gocdb: string;
      endpoint: string;
      vos: { name: string; auth: { project_id: string } }[];
    };
    expect(doc.gocdb).toBe('SANDBOX-GAMMA');
    expect(doc.endpoint.replace(/\/$/, '')).toBe(gamma.identityUrl);
    expect(doc.vos.map((v) => [v.name, v.auth.project_id]).sort()).toEqual(
      gamma.vos.map((v) => [v.vo, v.projectId]).sort(),
    );
    // The site file's region, published by the agent, reaches the CLI through the hub.
    expect((doc as { region?: string }).region).toBe(gamma.context.spec.region);
  });

  it('an OpenStack command runs on a site found through the hub', async () => {
    const r = await viaHub([
      'openstack',
      'image',
      'list',
      '--site',
      'SANDBOX-BETA',
      '--vo',
      'training.egi.eu',
      '-f',
      'json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as unknown[]).length).toBeGreaterThan(0);
  });

  it("endpoint list reads the hub's GOCDB interface", async () => {
    const r = await viaHub(['endpoint', 'list', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as { site: string; type: string; url: string }[];
    expect(rows.map((row) => [row.site, row.type, row.url]).sort()).toEqual(
      sb.sandbox.sites.map((s) => [s.name, 'org.openstack.nova', s.identityUrl]).sort(),
    );
  });
});
