import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LastGoodShares } from './last-good.js';
import type { ShareInfo, ShareOutcome } from './types.js';

const share = (vo: string, projectId: string, images: number): ShareInfo => ({
  vo,
  projectId,
  projectName: `${vo}-project`,
  projectDomainName: 'Default',
  imageEndpoint: 'https://glance.example.org',
  images: Array.from({ length: images }, (_, i) => ({ id: `img-${i}` })),
  flavors: [],
  quotas: {},
  serverStatuses: ['ACTIVE'],
});
const failed = (vo: string, projectId: string): ShareOutcome => ({
  ok: false,
  vo,
  projectId,
  error: 'HTTP 503',
});

describe('LastGoodShares', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fedcloud-agent-state-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('gives a failed VO its last reading, and a stand-in without images when it has none', async () => {
    const state = new LastGoodShares();
    await state.remember(
      [{ ok: true, share: share('a', 'pa', 3) }],
      new Date('2025-06-01T10:00:00Z'),
    );
    const [a, b] = await state.complete([failed('a', 'pa'), failed('b', 'pb')]);
    expect(a).toMatchObject({
      ok: false,
      error: 'HTTP 503',
      lastGood: { at: '2025-06-01T10:00:00.000Z' },
    });
    expect(a?.ok === false && a.lastGood?.share.images).toHaveLength(3);
    expect(b).toMatchObject({
      ok: false,
      lastGood: { at: null, share: { vo: 'b', projectId: 'pb', images: [], flavors: [] } },
    });
  });

  it('keys a reading by VO and project: a VO moved to another project is not its old share', async () => {
    const state = new LastGoodShares();
    await state.remember([{ ok: true, share: share('a', 'old', 2) }], new Date());
    const [a] = await state.complete([failed('a', 'new')]);
    expect(a?.ok === false && a.lastGood?.at).toBeNull();
  });

  it('survives a restart through its file, written 0600', async () => {
    const file = join(dir, 'state', 'SITE.json');
    await new LastGoodShares(file).remember(
      [{ ok: true, share: share('a', 'pa', 2) }],
      new Date('2025-06-01T10:00:00Z'),
    );
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const [a] = await new LastGoodShares(file).complete([failed('a', 'pa')]);
    expect(a?.ok === false && a.lastGood?.at).toBe('2025-06-01T10:00:00.000Z');
    expect(JSON.parse(await readFile(file, 'utf8')).version).toBe(1);
  });

  it('treats a damaged file as no state, and rewrites it at the next good reading', async () => {
    const file = join(dir, 'SITE.json');
    await writeFile(file, '{"version":1,"shares":[{"at":');
    const state = new LastGoodShares(file);
    const [a] = await state.complete([failed('a', 'pa')]);
    expect(a?.ok === false && a.lastGood?.at).toBeNull();
    await state.remember([{ ok: true, share: share('a', 'pa', 1) }], new Date());
    expect(JSON.parse(await readFile(file, 'utf8')).shares).toHaveLength(1);
  });
});
