import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { folderDirectory } from './directory.js';

const siteFile = (name: string, project: string) =>
  `gocdb: ${name}\nendpoint: https://${name}.example/v3/\nvos:\n  - name: vo.example\n    auth:\n      project_id: "${project}"\n`;

describe('folderDirectory with a parsed-site cache', () => {
  let root: string;
  let sites: string;
  let cacheDir: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'fedcloud-parsed-cache-'));
    sites = join(root, 'sites');
    cacheDir = join(root, 'cache');
    await mkdir(sites);
    await writeFile(join(sites, 'A.yaml'), siteFile('A', 'p1'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('lists the same sites from the cache as from the files', async () => {
    const first = await folderDirectory(sites, { cacheDir }).listSites();
    expect(await readdir(cacheDir)).toHaveLength(1);
    expect(await folderDirectory(sites, { cacheDir }).listSites()).toEqual(first);
    expect(first).toEqual(await folderDirectory(sites).listSites());
  });

  it('sees an edit at once, even one keeping the size', async () => {
    await folderDirectory(sites, { cacheDir }).listSites();
    await writeFile(join(sites, 'A.yaml'), siteFile('A', 'p2'));
    await utimes(join(sites, 'A.yaml'), new Date(), new Date(Date.now() + 5000));
    const [site] = await folderDirectory(sites, { cacheDir }).listSites();
    expect(site?.vos[0]?.projectId).toBe('p2');
  });

  it('never caches an invalid file: its error shows on every run', async () => {
    await writeFile(join(sites, 'B.yaml'), 'gocdb: B\nendpoint: [\n');
    for (let run = 0; run < 2; run += 1) {
      await expect(folderDirectory(sites, { cacheDir }).listSites()).rejects.toMatchObject({
        code: 'SITE_CONFIG_INVALID',
      });
    }
  });

  it('forgets removed files', async () => {
    await writeFile(join(sites, 'B.yaml'), siteFile('B', 'p3'));
    await folderDirectory(sites, { cacheDir }).listSites();
    await rm(join(sites, 'B.yaml'));
    const names = (await folderDirectory(sites, { cacheDir }).listSites()).map((s) => s.name);
    expect(names).toEqual(['A']);
  });
});
