import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getImage, listImages, updateImage, type Image } from '@fedcloud/openstack';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseImagesConfig, type ImagesConfig } from './config.js';
import { runImageSync, type ImagesSummary } from './run-images.js';
import { hepixImage, hepixList, startImageWorld, type ImageWorld } from './testing/image-world.js';

const bytesOf = (seed: number, size: number) =>
  Buffer.from(Array.from({ length: size }, (_, i) => (i * 31 + seed) % 256));

/**
 * The image sync against a sandbox site's Glance, lists signed by openssl and images served by a
 * local HTTP server: what a VO endorses arrives verified and shared; what is not to be trusted
 * changes nothing.
 */
describe('fedcloud-agent images: signed list → Glance', () => {
  let world: ImageWorld;
  let dir: string;
  let config: ImagesConfig;
  const A = bytesOf(1, 300_000);
  const B = bytesOf(2, 123_457);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fedcloud-images-'));
    world = await startImageWorld(dir);
    config = parseImagesConfig(
      `
auth_url: ${world.identityUrl}
project: ${world.ownerProject}
ca_dir: ${world.pki.caDir}
prefix: "EGI "
state_dir: ${join(dir, 'state')}
subscriptions:
  test.vo:
    url: ${world.baseUrl}/list.smime
    endorser: {dn: "${world.pki.endorserDn}", ca: "${world.pki.caDn}"}
    vo: ${world.vo}
`,
      'images.yaml',
    );
  }, 120_000);

  afterAll(async () => {
    await world?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  const run = (extra: { now?: Date } = {}): Promise<ImagesSummary> =>
    runImageSync({
      config,
      authUrl: world.identityUrl,
      credentials: world.agent,
      transport: { fetch: world.sandbox.fetch },
      fetch,
      log: () => undefined,
      ...(extra.now ? { now: () => extra.now! } : {}),
    });

  const publish = (
    images: Record<string, string>[],
    signer?: Parameters<ImageWorld['pki']['sign']>[1],
  ) => world.serve('/list.smime', world.pki.sign(hepixList(world.pki, images), signer));

  const synced = async (): Promise<Image[]> =>
    (await world.ownerImages()).filter((i) => i['image_list'] === 'test.vo');

  const fingerprint = async () =>
    (await synced())
      .map((i) => `${i.id} ${i.status} ${i.visibility} ${String(i['appdb_id'])}`)
      .sort();

  beforeEach(() => {
    world.serve('/a.raw', { kind: 'bytes', bytes: A });
    world.serve('/b.raw', { kind: 'bytes', bytes: B });
  });

  it('publishes: images active in Glance with the reference properties, shared with and accepted by the VO project', async () => {
    publish([
      hepixImage('img-a', A, `${world.baseUrl}/a.raw`),
      hepixImage('img-b', B, `${world.baseUrl}/b.raw`, { 'hv:format': 'QCOW2' }),
    ]);
    // img-b claims qcow2 but is random bytes: Glance takes it as given (no conversion needed).
    const summary = await run();
    expect(summary.ok).toBe(true);
    const [sub] = summary.subscriptions;
    expect(sub?.uploaded.map((u) => u.identifier).sort()).toEqual(['img-a', 'img-b']);
    expect(sub?.project).toBe(world.voProject);

    const images = await synced();
    expect(images).toHaveLength(2);
    const a = images.find((i) => i['appdb_id'] === 'img-a')!;
    expect(a).toMatchObject({
      name: 'EGI Image img-a',
      status: 'active',
      visibility: 'shared',
      disk_format: 'raw',
      container_format: 'bare',
      size: A.length,
      os_hash_algo: 'sha512',
      os_hash_value: hepixImage('img-a', A, '')['sl:checksum:sha512'],
      tags: ['fedcloud-agent'],
      image_list: 'test.vo',
      image_hash: `sha512:${hepixImage('img-a', A, '')['sl:checksum:sha512']}`,
      vmcatcher_event_ad_mpuri: 'https://appdb.example.org/store/vo/image/img-a:1/',
      vmcatcher_event_dc_description: 'the img-a image',
      os_distro: 'AlmaLinux',
      os_version: '9',
      architecture: 'x86_64',
    });
    expect(JSON.parse(String(a['APPLIANCE_ATTRIBUTES']))).toMatchObject({
      'dc:identifier': 'img-a',
    });
    // The VO's project sees them: accepted members.
    const seen = await listImages(await world.asVo(), { tag: 'fedcloud-agent' });
    expect(seen.map((i) => i.id).sort()).toEqual(images.map((i) => i.id).sort());
    // The last good list is kept.
    expect(await readFile(join(dir, 'state', 'lists', 'test.vo.smime'), 'utf8')).toMatch(
      /pkcs7-signature/,
    );

    const again = await run();
    expect(again.subscriptions[0]?.kept).toHaveLength(2);
    expect(again.subscriptions[0]?.uploaded).toHaveLength(0);
  });

  it('a new version replaces the old; an image gone from the list is retired', async () => {
    const before = await synced();
    const oldA = before.find((i) => i['appdb_id'] === 'img-a')!;
    const A2 = bytesOf(9, 200_001);
    world.serve('/a2.raw', { kind: 'bytes', bytes: A2 });
    publish([hepixImage('img-a', A2, `${world.baseUrl}/a2.raw`, { 'hv:version': '2' })]);
    const summary = await run();
    expect(summary.ok).toBe(true);
    const sub = summary.subscriptions[0]!;
    expect(sub.uploaded.map((u) => `${u.identifier} v${u.version}`)).toEqual(['img-a v2']);
    expect(sub.retired.map((r) => r.reason).sort()).toEqual([
      'removed from the list',
      'replaced by version 2',
    ]);
    const after = await synced();
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ appdb_id: 'img-a', size: A2.length, status: 'active' });
    expect(after[0]!.id).not.toBe(oldA.id);
  });

  it('a retired image Glance will not delete is deactivated and made private', async () => {
    const [current] = await synced();
    await updateImage(await world.owner(), current!.id, [
      { op: 'replace', path: '/protected', value: true },
    ]);
    publish([hepixImage('img-b', B, `${world.baseUrl}/b.raw`)]);
    const summary = await run();
    const retired = summary.subscriptions[0]!.retired;
    expect(retired).toEqual([
      expect.objectContaining({ glanceId: current!.id, how: 'deactivated' }),
    ]);
    const kept = await getImage(await world.owner(), current!.id);
    expect(kept).toMatchObject({ status: 'deactivated', visibility: 'private' });
    await updateImage(await world.owner(), current!.id, [
      { op: 'replace', path: '/protected', value: false },
    ]);
    // Once Glance lets it go, the next run deletes it.
    const later = await run();
    expect(later.subscriptions[0]!.retired).toEqual([
      expect.objectContaining({ glanceId: current!.id, how: 'deleted' }),
    ]);
    expect((await synced()).map((i) => i['appdb_id'])).toEqual(['img-b']);
  });

  describe('rejections leave Glance untouched', () => {
    const good = () => [hepixImage('img-b', B, `${world.baseUrl}/b.raw`)];
    const cases: [string, () => void, RegExp][] = [
      [
        'an unsigned list',
        () => world.serve('/list.smime', hepixList(world.pki, good())),
        /not accepted \(MALFORMED\)/,
      ],
      [
        'content tampered after signing',
        () =>
          world.serve(
            '/list.smime',
            world.pki
              .sign(hepixList(world.pki, good()))
              .replace('the img-b image', 'the img-X image'),
          ),
        /not accepted \(SIGNATURE_INVALID\)/,
      ],
      [
        'a signature by an untrusted CA',
        () => publish(good(), 'stranger'),
        /not accepted \(SIGNER_UNTRUSTED\)/,
      ],
      [
        'the right CA but the wrong endorser DN',
        () => publish(good(), 'other-dn'),
        /not trusted: signed by .*somebody\.else/,
      ],
      [
        'an expired list',
        () =>
          world.serve(
            '/list.smime',
            world.pki.sign(
              hepixList(world.pki, good(), { 'dc:date:expires': '2026-01-02T00:00:00Z' }),
            ),
          ),
        /the list expired at 2026-01-02/,
      ],
      [
        'a list that is not there',
        () => world.serve('/list.smime', { kind: 'endless' }),
        /could not be fetched|more than/,
      ],
    ];
    for (const [what, arrange, reason] of cases) {
      it(what, async () => {
        const before = await fingerprint();
        arrange();
        const summary = await run();
        expect(summary.ok).toBe(false);
        expect(summary.subscriptions[0]).toMatchObject({
          status: 'failed',
          reason: expect.stringMatching(reason),
        });
        expect(await fingerprint()).toEqual(before);
      });
    }

    it('an endorser certificate that expired', async () => {
      const before = await fingerprint();
      publish(good(), 'expired');
      const summary = await run({ now: new Date(Date.now() + 3 * 86_400_000) });
      expect(summary.subscriptions[0]).toMatchObject({
        status: 'failed',
        reason: expect.stringMatching(/SIGNER_UNTRUSTED/),
      });
      expect(await fingerprint()).toEqual(before);
    });

    const C = bytesOf(3, 500_000);
    const imageCases: [string, () => Record<string, string>, RegExp][] = [
      [
        'an image with the wrong sha512',
        () =>
          hepixImage('img-c', C, `${world.baseUrl}/c.raw`, {
            'sl:checksum:sha512': 'a'.repeat(128),
          }),
        /sha512 .* is not the list's aaaa/,
      ],
      [
        'an image with the wrong size',
        () =>
          hepixImage('img-c', C, `${world.baseUrl}/c.raw`, { 'hv:size': String(C.length + 10) }),
        /sent 500000 bytes, the list's hv:size is 500010/,
      ],
      [
        'an image larger than announced',
        () =>
          hepixImage('img-c', C, `${world.baseUrl}/c.raw`, { 'hv:size': String(C.length - 10) }),
        /announces 500000 bytes/,
      ],
      [
        'a URL that dies mid-stream',
        () => {
          world.serve('/c.raw', { kind: 'die', bytes: C, after: 200_000 });
          return hepixImage('img-c', C, `${world.baseUrl}/c.raw`);
        },
        /terminated|other side closed|socket/i,
      ],
      [
        'a server that sends endless bytes',
        () => {
          world.serve('/c.raw', { kind: 'endless' });
          return hepixImage('img-c', C, `${world.baseUrl}/c.raw`);
        },
        /more than the list's hv:size of 500000/,
      ],
    ];
    for (const [what, entry, reason] of imageCases) {
      it(what, async () => {
        world.serve('/c.raw', { kind: 'bytes', bytes: C });
        const image = entry();
        const before = await fingerprint();
        publish([...good(), image]);
        const summary = await run();
        expect(summary.ok).toBe(false);
        const sub = summary.subscriptions[0]!;
        expect(sub.failed).toEqual([
          expect.objectContaining({ identifier: 'img-c', reason: expect.stringMatching(reason) }),
        ]);
        expect(sub.kept.map((k) => k.identifier)).toEqual(['img-b']);
        expect(await fingerprint()).toEqual(before);
      });
    }
  });
});
