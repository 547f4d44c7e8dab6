import type { Glue21Document } from '@fedcloud/sdk/glue2';
import type { ImageEntry, ImageList } from '@fedcloud/sdk/image-list';
import { describe, expect, it } from 'vitest';
import {
  buildImageCatalogue,
  type CatalogueInput,
  imageStateAt,
  publishedListImages,
} from './catalogue.js';
import type { ImageListSummary } from './store.js';

const VO = 'vo.example.org';

const entry = (id: string, version: string, extra: Partial<ImageEntry> = {}): ImageEntry => ({
  'dc:identifier': id,
  'dc:title': `Image ${id}`,
  'dc:description': '',
  'hv:uri': `https://images.example.org/${id}.qcow2`,
  'hv:format': 'QCOW2',
  'hv:size': '1073741824',
  'sl:checksum:sha512': `ABCDEF0123456789${'0'.repeat(112)}`,
  'hv:version': version,
  ...extra,
});

const list = (images: ImageEntry[]): ImageList => ({
  'dc:identifier': 'list-1',
  'dc:title': 'VO images',
  'dc:description': '',
  'dc:source': '',
  'dc:date:created': '2025-05-01T00:00:00Z',
  'dc:date:expires': '2025-07-01T00:00:00Z',
  'hv:uri': 'https://hub.example.org/list',
  'hv:version': '20250501000000',
  'hv:endorser': {
    'hv:x509': { 'dc:creator': 'm', 'hv:ca': '/CN=CA', 'hv:dn': '/CN=endorser', 'hv:email': '' },
  },
  'hv:images': images.map((image) => ({ 'hv:image': image })),
});

const summary: ImageListSummary = {
  vo: VO,
  identifier: 'list-1',
  version: '20250501000000',
  title: 'VO images',
  images: 3,
  endorser: { dn: '/CN=endorser', ca: '/CN=CA' },
  expires: '2025-07-01T00:00:00.000Z',
  public: true,
  publishedAt: '2025-05-01T00:01:00.000Z',
};

/** An image entity with only what publishedListImages reads; the rest is GLUE's business. */
const glueImage = (id: string, shares: string[], otherInfo?: Record<string, unknown>) =>
  ({
    ID: id,
    Associations: { Share: shares },
    ...(otherInfo ? { OtherInfo: otherInfo } : {}),
  }) as unknown as Glue21Document['CloudComputingImage'][number];

describe('publishedListImages', () => {
  const document = {
    Share: [{ ID: 'share-vo' }, { ID: 'share-vo-2' }, { ID: 'share-other' }, { ID: 'share-none' }],
    MappingPolicy: [
      { ID: 'p1', Associations: { Share: ['share-vo'], PolicyUserDomain: [VO] } },
      { ID: 'p2', Associations: { Share: ['share-vo-2'], PolicyUserDomain: [VO] } },
      { ID: 'p3', Associations: { Share: ['share-other'], PolicyUserDomain: ['other.vo'] } },
    ],
    CloudComputingImage: [
      // From the list, in the VO's share: dc:identifier and hv:version from OtherInfo.
      glueImage('g1', ['share-vo'], { 'dc:identifier': 'a', 'hv:version': '2' }),
      // In both of the VO's shares: once.
      glueImage('g2', ['share-vo', 'share-vo-2'], { appdb_id: 'b' }),
      // Another VO's share, a share without a policy, and an image from no list: left out.
      glueImage('g3', ['share-other'], { 'dc:identifier': 'c', 'hv:version': '1' }),
      glueImage('g4', ['share-none'], { 'dc:identifier': 'd', 'hv:version': '1' }),
      glueImage('g5', ['share-vo'], { os_distro: 'ubuntu' }),
      glueImage('g6', ['share-vo']),
    ],
  } as unknown as Glue21Document;

  it("keeps the VO's images that name a list identifier, once each", () => {
    expect(publishedListImages(document, VO)).toEqual([
      { id: 'g1', identifier: 'a', version: '2' },
      { id: 'g2', identifier: 'b', version: null },
    ]);
    expect(publishedListImages(document, 'other.vo')).toEqual([
      { id: 'g3', identifier: 'c', version: '1' },
    ]);
    expect(publishedListImages(document, 'unknown.vo')).toEqual([]);
  });
});

describe('imageStateAt', () => {
  const at = (...images: [string, string | null][]) =>
    images.map(([identifier, version], i) => ({ id: `g${i}`, identifier, version }));

  it('is current when the site has the list version, even beside an older copy', () => {
    expect(imageStateAt(entry('a', '3'), at(['a', '2'], ['a', '3']))).toEqual({
      state: 'current',
      siteVersion: '3',
    });
  });

  it('is behind with another version, naming the highest (numeric order: 10 > 9)', () => {
    expect(imageStateAt(entry('a', '11'), at(['a', '9'], ['a', '10'], ['b', '11']))).toEqual({
      state: 'behind',
      siteVersion: '10',
    });
    // A copy without hv:version is not the list's version either.
    expect(imageStateAt(entry('a', '1'), at(['a', null]))).toEqual({
      state: 'behind',
      siteVersion: null,
    });
  });

  it('is missing when no image has the identifier', () => {
    expect(imageStateAt(entry('a', '1'), at(['b', '1']))).toEqual({
      state: 'missing',
      siteVersion: null,
    });
  });
});

describe('buildImageCatalogue', () => {
  const images = [entry('a', '2'), entry('b', '5'), entry('c', '1')];
  const info = { publishedAt: '2025-06-01T10:00:00.000Z', creationTime: '2025-06-01T09:59:00Z' };
  const input = (listInput: CatalogueInput['list']): CatalogueInput => ({
    vo: VO,
    list: listInput,
    now: new Date('2025-06-01T12:00:00Z'),
    sites: [
      {
        site: 'SITE-B',
        status: 'stale',
        info,
        images: [
          { id: 'x1', identifier: 'a', version: '1' },
          { id: 'x2', identifier: 'c', version: '1' },
        ],
      },
      {
        site: 'SITE-A',
        status: 'ok',
        info,
        images: [
          { id: 'y1', identifier: 'a', version: '2' },
          { id: 'y2', identifier: 'b', version: '5' },
          { id: 'y3', identifier: 'c', version: '1' },
        ],
      },
      { site: 'SITE-C', status: 'no-info', info: null, images: [] },
    ],
  });

  it('lists the images and, per site by name, each image state and the counts', () => {
    const catalogue = buildImageCatalogue(
      input({ state: 'published', summary, list: list(images) }),
    );
    expect(catalogue.state).toBe('published');
    expect(catalogue.list).toEqual({
      identifier: 'list-1',
      title: 'VO images',
      version: '20250501000000',
      endorser: { dn: '/CN=endorser', ca: '/CN=CA' },
      expires: '2025-07-01T00:00:00.000Z',
      expired: false,
      public: true,
      publishedAt: '2025-05-01T00:01:00.000Z',
      images: ['a', 'b', 'c'].map((id, i) => ({
        identifier: id,
        title: `Image ${id}`,
        version: ['2', '5', '1'][i],
        format: 'QCOW2',
        sizeBytes: 1073741824,
        sha512Prefix: 'abcdef0123456789',
        url: `https://images.example.org/${id}.qcow2`,
      })),
    });
    expect(catalogue.sites).toEqual([
      {
        site: 'SITE-A',
        status: 'ok',
        info,
        images: [
          { identifier: 'a', state: 'current', siteVersion: '2' },
          { identifier: 'b', state: 'current', siteVersion: '5' },
          { identifier: 'c', state: 'current', siteVersion: '1' },
        ],
        counts: { current: 3, behind: 0, missing: 0 },
      },
      {
        site: 'SITE-B',
        status: 'stale',
        info,
        images: [
          { identifier: 'a', state: 'behind', siteVersion: '1' },
          { identifier: 'b', state: 'missing', siteVersion: null },
          { identifier: 'c', state: 'current', siteVersion: '1' },
        ],
        counts: { current: 1, behind: 1, missing: 1 },
      },
      {
        site: 'SITE-C',
        status: 'no-info',
        info: null,
        images: [
          { identifier: 'a', state: 'missing', siteVersion: null },
          { identifier: 'b', state: 'missing', siteVersion: null },
          { identifier: 'c', state: 'missing', siteVersion: null },
        ],
        counts: { current: 0, behind: 0, missing: 3 },
      },
    ]);
  });

  it('says when the list has expired (at its expiry instant)', () => {
    const at = { ...input({ state: 'published', summary, list: list(images) }) };
    at.now = new Date('2025-07-01T00:00:00Z');
    expect(buildImageCatalogue(at).list?.expired).toBe(true);
  });

  it('shows the sites without images for no list and for a private one', () => {
    for (const state of ['none', 'private'] as const) {
      const catalogue = buildImageCatalogue(input({ state }));
      expect(catalogue.state).toBe(state);
      expect(catalogue.list).toBeNull();
      expect(catalogue.sites.map((s) => [s.site, s.images, s.counts])).toEqual([
        ['SITE-A', [], { current: 0, behind: 0, missing: 0 }],
        ['SITE-B', [], { current: 0, behind: 0, missing: 0 }],
        ['SITE-C', [], { current: 0, behind: 0, missing: 0 }],
      ]);
    }
  });
});
