import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addImage, removeImage, renderImageList } from '@fedcloud/sdk/image-list';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAll, type Started } from './commands/start.js';
import { clientCredentialsToken, hubAdminApi } from './federation-hub-api.js';
import { sandboxEndorser } from './federation-images.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');
const CLI = join(ROOT, 'packages/cli/dist/main.js');
const VO = 'vo.access.egi.eu';

/** `fedcloud-sandbox start` on free ports; the scheduled syncs wait an hour, tests sync by hand. */
const FLAGS = {
  sites: 2,
  issuerPort: 0,
  controlPort: 0,
  sitesPort: 0,
  hubPort: 0,
  buildDelay: 100,
  agentInterval: 3600,
  accountingInterval: 0,
  imagesInterval: 3600,
};

// The sandbox appliance repository's images, as its catalogue declares them.
const UBUNTU = { id: '2f4c3c1e-6a8e-4c55-9a0e-5b1d6d2c7a01', title: 'EGI Tiny Ubuntu 24.04' };
const ALMA = { id: '7b9e0d42-1f3a-4e8b-8c6d-2a5f4e3b9c02', title: 'EGI Tiny AlmaLinux 9' };
const DOCKER = { id: 'c3d8a6f1-9e2b-4d7c-b1a4-6f0e8d5c2b03', title: 'EGI Tiny Docker 24.04' };

let dataDir: string;
let home: string;
let started: Started;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fedcloud-federation-images-'));
  home = await mkdtemp(join(tmpdir(), 'fedcloud-federation-images-home-'));
  started = await startAll(dataDir, FLAGS, {});
});

afterAll(async () => {
  await started?.stop();
  await rm(dataDir, { recursive: true, force: true });
  await rm(home, { recursive: true, force: true });
});

const federation = () => {
  if (!started.federation) throw new Error('no federation');
  return started.federation;
};

function fedcloud(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        env: {
          PATH: process.env.PATH,
          HOME: home,
          NO_COLOR: '1',
          FEDCLOUD_HUB: federation().hubUrl,
          FEDCLOUD_HUB_TTL: '0',
          FEDCLOUD_CA_FILE: started.sandbox.files.caFile ?? '',
        },
        timeout: 60_000,
      },
      (error, stdout, stderr) =>
        done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** What alice sees of the synced images at a site, through `fedcloud openstack image show`. */
async function syncedImages(site: string): Promise<Record<string, unknown>[]> {
  const token = await started.sandbox.tokenFor('alice');
  const common = ['--site', site, '--vo', VO, '--oidc-access-token', token, '-f', 'json'];
  const list = await fedcloud(['openstack', 'image', 'list', '--tag', 'fedcloud-agent', ...common]);
  expect(list.code, list.stderr).toBe(0);
  const ids = (JSON.parse(list.stdout.slice(list.stdout.indexOf('['))) as { ID: string }[]).map(
    (row) => row.ID,
  );
  const shown = [];
  for (const id of ids) {
    const show = await fedcloud(['openstack', 'image', 'show', id, ...common]);
    expect(show.code, show.stderr).toBe(0);
    shown.push(JSON.parse(show.stdout.slice(show.stdout.indexOf('{'))) as Record<string, unknown>);
  }
  return shown;
}

async function hubImages(site: string): Promise<{ name: string; egi_id: string }[]> {
  const response = await fetch(`${federation().hubUrl}/site/${site}/${VO}/images`);
  expect(response.status).toBe(200);
  return (await response.json()) as { name: string; egi_id: string }[];
}

const sha512Of = async (url: string) =>
  createHash('sha512')
    .update(Buffer.from(await (await started.sandbox.fetch(url)).arrayBuffer()))
    .digest('hex');

describe('npm start: the VO image list, signed, published and synced into every site', () => {
  it("publishes the VO manager's signed list on the hub", async () => {
    const list = federation().imageList;
    expect(list).toMatchObject({ vo: VO, images: 3, published: true });
    const response = await fetch(`${federation().hubUrl}/api/v1/image-lists`);
    const [summary] = (await response.json()) as { vo: string; endorser: { dn: string } }[];
    expect(summary).toMatchObject({
      vo: VO,
      endorser: {
        dn: '/CN=fedcloud sandbox VO manager/O=fedcloud sandbox',
        ca: '/CN=fedcloud sandbox CA/O=fedcloud sandbox',
      },
    });
    // The body is S/MIME as `openssl smime -sign` writes it, served as published.
    const signed = await (await fetch(list!.url)).text();
    expect(signed).toMatch(/^MIME-Version: 1\.0\r?\nContent-Type: multipart\/signed;/);
  });

  it('syncs every image into each site, shared with and accepted by the VO project', async () => {
    for (const agent of federation().agents) {
      const summary = await agent.runImagesNow();
      expect(summary?.ok, JSON.stringify(summary)).toBe(true);
      expect(summary?.subscriptions[0]?.uploaded.map((u) => u.title).sort()).toEqual(
        [ALMA.title, DOCKER.title, UBUNTU.title].sort(),
      );
    }
    const site = started.sandbox.sites[1]!;
    const images = await syncedImages(site.name);
    const alma = images.find((i) => i['name'] === ALMA.title);
    expect(images).toHaveLength(3);
    const ownHash = await sha512Of(`${started.sandbox.appliancesUrl}/images/egi-tiny-alma-9.raw`);
    expect(alma).toMatchObject({
      size: 393216,
      status: 'active',
      visibility: 'shared',
      owner: site.imagesProjectId,
      disk_format: 'raw',
      container_format: 'bare',
      tags: ['fedcloud-agent'],
    });
    const properties = alma!['properties'] as Record<string, string>;
    expect(properties).toMatchObject({
      appdb_id: ALMA.id,
      image_hash: `sha512:${ownHash}`,
      image_list: VO,
      os_distro: 'AlmaLinux',
      os_version: '9',
      vmcatcher_event_ad_mpuri:
        'https://registry.egi.eu/harbor/projects/sandbox/repositories/egi-tiny-alma-9/artifacts-tab',
    });
    expect(JSON.parse(properties['APPLIANCE_ATTRIBUTES']!)).toMatchObject({
      'dc:identifier': ALMA.id,
      'hv:version': '2026.11.0',
      'eu.egi.cloud.image_ref': 'egi_vm_images/egi-tiny-alma-9:2026.11.0',
    });
    const token = await started.sandbox.tokenFor('alice');
    const members = await fedcloud([
      'openstack',
      'image',
      'member',
      'list',
      String(alma!['id']),
      '--site',
      site.name,
      '--vo',
      VO,
      '--oidc-access-token',
      token,
      '-f',
      'json',
    ]);
    expect(members.code, members.stderr).toBe(0);
    const voProject = site.vos.find((v) => v.vo === VO)!.projectId;
    expect(JSON.parse(members.stdout.slice(members.stdout.indexOf('[')))).toEqual([
      expect.objectContaining({ 'Member ID': voProject, Status: 'accepted' }),
    ]);
  });

  it("lists the synced images as EGI images in the hub's cloud-info routes", async () => {
    for (const site of started.sandbox.sites) {
      const images = await hubImages(site.name);
      expect(images.map((i) => i.name).sort()).toEqual(
        [ALMA.title, DOCKER.title, UBUNTU.title].sort(),
      );
      expect(images.find((i) => i.name === UBUNTU.title)?.egi_id).toBe(
        'egi_vm_images/egi-tiny-ubuntu-24.04:2026.11.0',
      );
    }
  });

  it('a restart publishes nothing new and the next sync keeps every image', async () => {
    // The list names its own address on the hub and the appliance repository's, so a restart on
    // the same ports (as `npm start`'s fixed ports are) has nothing to publish.
    const appliancesPort = new URL(started.sandbox.appliancesUrl).port;
    const hubPort = Number(new URL(federation().hubUrl).port);
    await started.stop();
    started = await startAll(
      dataDir,
      { ...FLAGS, hubPort },
      { FEDCLOUD_SANDBOX_APPLIANCES_PORT: appliancesPort },
    );
    expect(federation().imageList?.published).toBe(false);
    const summary = await federation().agents[0]!.runImagesNow();
    expect(summary?.subscriptions[0]).toMatchObject({ uploaded: [], retired: [], failed: [] });
    expect(summary?.subscriptions[0]?.kept).toHaveLength(3);
  });

  it('a new version replaces the old one, an image left out is retired', async () => {
    const sandbox = started.sandbox;
    const endorser = await sandboxEndorser(sandbox);
    const token = await clientCredentialsToken(
      sandbox.fetch,
      sandbox.issuer.tokenEndpoint,
      sandbox.hubAdminClient,
    );
    const api = hubAdminApi(federation().hubUrl, token, sandbox.fetch);
    const current = (await api.imageList(VO))!;
    const now = new Date();
    const ubuntu = current['hv:images'].find((i) => i['hv:image']['dc:identifier'] === UBUNTU.id)!;
    // Version 2026.12.0 of the Ubuntu image: other bytes (the repository's Docker file).
    const docker = current['hv:images'].find((i) => i['hv:image']['dc:identifier'] === DOCKER.id)!;
    const newer = {
      ...ubuntu['hv:image'],
      'hv:version': '2026.12.0',
      'hv:uri': docker['hv:image']['hv:uri'],
      'hv:size': docker['hv:image']['hv:size'],
      'sl:checksum:sha512': docker['hv:image']['sl:checksum:sha512'],
    };
    const next = removeImage(addImage(current, newer, now), ALMA.id, now);
    await api.publishImageList(VO, endorser!.sign(renderImageList(next)));

    const site = sandbox.sites[0]!;
    const summary = await federation().agent(site.name).runImagesNow();
    const sync = summary!.subscriptions[0]!;
    expect(sync.listVersion).toBe(next['hv:version']);
    expect(sync.uploaded.map((u) => [u.title, u.version])).toEqual([[UBUNTU.title, '2026.12.0']]);
    expect(sync.retired.map((r) => r.appdbId).sort()).toEqual([ALMA.id, UBUNTU.id].sort());
    expect(sync.kept.map((k) => k.title)).toEqual([DOCKER.title]);

    const images = await syncedImages(site.name);
    expect(images.map((i) => i['name']).sort()).toEqual([DOCKER.title, UBUNTU.title].sort());
    const replaced = images.find((i) => i['name'] === UBUNTU.title)!;
    expect(replaced['size']).toBe(524288);
    // The hub heard of it from the information cycle the sync ran.
    expect((await hubImages(site.name)).map((i) => i.name).sort()).toEqual(
      [DOCKER.title, UBUNTU.title].sort(),
    );
  });
});
