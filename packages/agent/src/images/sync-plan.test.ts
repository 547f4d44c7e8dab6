import type { ImageEntry, ImageList } from '@fedcloud/sdk/image-list';
import { describe, expect, it } from 'vitest';
import { planImageSync, type ManagedImage, type SyncAction } from './sync-plan.js';

const sha = (c: string) => c.repeat(128);

function image(id: string, extra: Partial<ImageEntry> = {}): ImageEntry {
  return {
    'dc:identifier': id,
    'dc:title': `Image ${id}`,
    'dc:description': `about ${id}`,
    'ad:mpuri': `https://appdb.example.org/${id}:1/`,
    'hv:uri': `https://images.example.org/${id}.qcow2`,
    'hv:format': 'QCOW2',
    'hv:size': '1024',
    'sl:checksum:sha512': sha('a'),
    'hv:version': '1',
    'dc:date:expires': '2027-06-01T00:00:00Z',
    ...extra,
  };
}

function list(images: ImageEntry[], expires = '2027-01-01T00:00:00Z'): ImageList {
  return {
    'dc:identifier': 'list',
    'dc:title': 't',
    'dc:description': 'd',
    'dc:source': 's',
    'dc:date:created': '2026-12-01T00:00:00Z',
    'dc:date:expires': expires,
    'hv:uri': 'u',
    'hv:version': '20261201000000',
    'hv:endorser': {
      'hv:x509': { 'dc:creator': 'c', 'hv:ca': '/CN=CA', 'hv:dn': '/CN=E', 'hv:email': 'e@x' },
    },
    'hv:images': images.map((i) => ({ 'hv:image': i })),
  };
}

function glance(
  id: string,
  appdbId: string,
  hashChar: string,
  status = 'active',
  createdAt = '2026-12-01T00:00:00Z',
): ManagedImage {
  return {
    id,
    status,
    visibility: 'shared',
    createdAt,
    properties: { appdb_id: appdbId, image_hash: `sha512:${sha(hashChar)}`, image_list: 'vo' },
  };
}

const subscription = { name: 'vo', project: 'p1', images: [] };
const settings = { tag: 'fedcloud-agent', formats: ['qcow2', 'raw'] };
const now = new Date('2026-12-15T00:00:00Z');
const brief = (actions: SyncAction[]) =>
  actions.map((a) =>
    a.kind === 'retire'
      ? `retire ${a.glanceId}: ${a.reason}`
      : a.kind === 'upload'
        ? `upload ${a.image['dc:identifier']}`
        : `${a.kind} ${a.glanceId}`,
  );

describe('planImageSync', () => {
  it('uploads what is new, keeps what is there, retires what left the list, uploads before it retires', () => {
    const plan = planImageSync(
      list([image('A'), image('B')]),
      subscription,
      [glance('g-old', 'OLD', 'a'), glance('g-a', 'A', 'a')],
      settings,
      now,
    );
    expect(brief(plan.actions)).toEqual([
      'keep g-a',
      'upload B',
      'retire g-old: removed from the list',
    ]);
    expect(plan.skipped).toEqual([]);
    const upload = plan.actions[1];
    expect(upload?.kind === 'upload' && upload.fields.properties['image_list']).toBe('vo');
    expect(upload?.kind === 'upload' && upload.fields.visibility).toBe('shared');
  });

  it('a new version (another sha512) is uploaded, then the old copy retired', () => {
    const plan = planImageSync(
      list([image('A', { 'sl:checksum:sha512': sha('b'), 'hv:version': '2' })]),
      subscription,
      [glance('g-a1', 'A', 'a')],
      settings,
      now,
    );
    expect(brief(plan.actions)).toEqual(['upload A', 'retire g-a1: replaced by version 2']);
  });

  it('after a crash: a queued copy is filled, a killed one and a second active copy retired', () => {
    const resumed = planImageSync(
      list([image('A')]),
      subscription,
      [
        glance('g-q', 'A', 'a', 'queued'),
        glance('g-k', 'A', 'a', 'killed', '2026-12-02T00:00:00Z'),
      ],
      settings,
      now,
    );
    expect(brief(resumed.actions)).toEqual([
      'resume g-q',
      'retire g-k: an unfinished upload (killed)',
    ]);
    const doubled = planImageSync(
      list([image('A')]),
      subscription,
      [
        glance('g-1', 'A', 'a', 'active', '2026-12-01T00:00:00Z'),
        glance('g-2', 'A', 'a', 'active', '2026-12-03T00:00:00Z'),
        glance('g-q', 'A', 'a', 'queued'),
      ],
      settings,
      now,
    );
    // The newest active copy is kept.
    expect(brief(doubled.actions)).toEqual([
      'keep g-2',
      'retire g-1: a second copy of the same image',
      'retire g-q: an unfinished upload (queued)',
    ]);
  });

  it('expired images are skipped and their copies retired; an expired list retires everything', () => {
    const plan = planImageSync(
      list([image('A'), image('B', { 'dc:date:expires': '2026-12-01T00:00:00Z' })]),
      subscription,
      [glance('g-b', 'B', 'a')],
      settings,
      now,
    );
    expect(brief(plan.actions)).toEqual([
      'upload A',
      'retire g-b: expired at 2026-12-01T00:00:00Z',
    ]);
    expect(plan.skipped).toEqual([
      { identifier: 'B', title: 'Image B', reason: 'expired at 2026-12-01T00:00:00Z' },
    ]);

    const gone = planImageSync(
      list([image('A')], '2026-12-10T00:00:00Z'),
      subscription,
      [glance('g-a', 'A', 'a')],
      settings,
      now,
    );
    expect(brief(gone.actions)).toEqual(['retire g-a: the list expired at 2026-12-10T00:00:00Z']);
  });

  it('a subset brings only its images and retires the others it had brought', () => {
    const plan = planImageSync(
      list([image('A'), image('B')]),
      { ...subscription, images: ['B'] },
      [glance('g-a', 'A', 'a')],
      settings,
      now,
    );
    expect(brief(plan.actions)).toEqual([
      'upload B',
      'retire g-a: not in the subscription any more',
    ]);
  });

  it('converts to the first format the site takes when the list has another', () => {
    const ova = image('A', { 'hv:format': 'OVA' });
    const plan = planImageSync(list([ova]), subscription, [], settings, now);
    expect(plan.actions[0]).toMatchObject({
      kind: 'upload',
      convertTo: 'qcow2',
      fields: { disk_format: 'qcow2' },
    });
    const asIs = planImageSync(
      list([ova]),
      subscription,
      [],
      { ...settings, formats: ['vmdk'] },
      now,
    );
    expect(asIs.actions[0]).toMatchObject({
      kind: 'upload',
      fields: { disk_format: 'vmdk', container_format: 'ova' },
    });
    expect(asIs.actions[0]).not.toHaveProperty('convertTo');
  });
});
