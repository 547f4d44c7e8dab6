import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSiteDirectory, findSite, folderDirectory, siteVo } from './index.js';
import { closestNames, editDistance } from './suggest.js';
import type { SiteConfig, SiteDirectory } from './types.js';

const site = (name: string, vos: string[] = ['vo.access.egi.eu']): SiteConfig => ({
  name,
  endpoint: `https://${name.toLowerCase()}.example.org:5000/v3/`,
  protocol: 'openid',
  vos: vos.map((vo, i) => ({ name: vo, projectId: `p${i}`, extra: {} })),
  source: `${name}.yaml`,
});

const directoryOf = (...sites: SiteConfig[]): SiteDirectory => ({
  description: 'test sites',
  listSites: async () => sites,
});

describe('editDistance', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('alhpa', 'alpha')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('suggests close names and names containing what was typed', () => {
    const names = ['IISAS-FedCloud', 'CESGA', 'CESNET-MCC', 'IFCA-LCG2'];
    expect(closestNames('cesgaa', names)).toEqual(['CESGA']);
    expect(closestNames('IISAS', names)).toEqual(['IISAS-FedCloud']);
    expect(closestNames('zzzzzz', names)).toEqual([]);
  });
});

describe('findSite', () => {
  const sites = directoryOf(site('SANDBOX-ALPHA'), site('SANDBOX-BETA'), site('SANDBOX-GAMMA'));

  it('matches GOCDB names without regard to case', async () => {
    expect((await findSite(sites, 'sandbox-beta')).name).toBe('SANDBOX-BETA');
  });

  it('suggests the closest names and lists the known sites when there are few', async () => {
    const error = await findSite(sites, 'SANDBOX-ALHPA').catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'SITE_UNKNOWN',
      message: 'unknown site "SANDBOX-ALHPA" (test sites)',
      hint: 'Did you mean: SANDBOX-ALPHA? Known sites: SANDBOX-ALPHA, SANDBOX-BETA, SANDBOX-GAMMA.',
    });
  });

  it('does not list dozens of sites', async () => {
    const many = directoryOf(...Array.from({ length: 30 }, (_, i) => site(`SITE-${i}`)));
    const error = await findSite(many, 'NOWHERE-AT-ALL').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SITE_UNKNOWN' });
    expect((error as { hint: string }).hint).toBe(
      '30 sites are known; `fedcloud site list` shows them.',
    );
  });
});

describe('siteVo', () => {
  it('finds the VO and names the VOs the site has otherwise', () => {
    const gamma = site('SANDBOX-GAMMA', ['vo.access.egi.eu', 'fedcloud.egi.eu']);
    expect(siteVo(gamma, 'fedcloud.egi.eu').projectId).toBe('p1');
    expect(() => siteVo(gamma, 'training.egi.eu')).toThrow(
      expect.objectContaining({
        code: 'VO_NOT_AT_SITE',
        message: 'VO training.egi.eu is not supported at site SANDBOX-GAMMA',
        hint: 'SANDBOX-GAMMA supports: vo.access.egi.eu, fedcloud.egi.eu.',
      }),
    );
  });
});

describe('folderDirectory', () => {
  const yaml = (name: string) => `gocdb: ${name}\nendpoint: https://${name}.example.org/v3/\n`;

  it('reads every *.yaml in name order and nothing else', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sites-'));
    await writeFile(join(dir, 'b.yaml'), yaml('B'));
    await writeFile(join(dir, 'a.yaml'), yaml('A'));
    await writeFile(join(dir, 'README.md'), '# not a site');
    await writeFile(join(dir, 'c.yaml.bak'), 'garbage: [');
    const sites = await folderDirectory(dir).listSites();
    expect(sites.map((s) => [s.name, s.source])).toEqual([
      ['A', join(dir, 'a.yaml')],
      ['B', join(dir, 'b.yaml')],
    ]);
  });

  it('fails with the file and position of an invalid site', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sites-'));
    await writeFile(join(dir, 'bad.yaml'), 'gocdb: X\n');
    await expect(folderDirectory(dir).listSites()).rejects.toMatchObject({
      code: 'SITE_CONFIG_INVALID',
      message: `${join(dir, 'bad.yaml')}:1:1: endpoint is required`,
    });
  });

  it('says when the folder does not exist and how to point at one', async () => {
    const dir = join(tmpdir(), 'no-such-site-folder-xyz');
    const error = await folderDirectory(dir)
      .listSites()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'SITE_UNKNOWN',
      message: `the site folder ${dir} does not exist`,
    });
    expect((error as { hint: string }).hint).toContain('FEDCLOUD_SITE_CONFIG_DIR');
  });

  it('defaults to FEDCLOUD_SITE_CONFIG_DIR, else ~/.config/fedcloud/site-config', async () => {
    const home = await mkdtemp(join(tmpdir(), 'home-'));
    const dir = join(home, '.config', 'fedcloud', 'site-config');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'x.yaml'), yaml('X'));
    expect(defaultSiteDirectory({ HOME: home }).description).toBe(`site folder ${dir}`);
    expect((await defaultSiteDirectory({ HOME: home }).listSites())[0]?.name).toBe('X');
    expect(
      defaultSiteDirectory({ HOME: home, FEDCLOUD_SITE_CONFIG_DIR: '/elsewhere' }).description,
    ).toBe('site folder /elsewhere');
    expect(defaultSiteDirectory({ HOME: home, FEDCLOUD_SITE_CONFIG_DIR: '' }).description).toBe(
      `site folder ${dir}`,
    );
  });
});
