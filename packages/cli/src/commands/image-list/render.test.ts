import { Writable } from 'node:stream';
import {
  addImage,
  type ImageEntry,
  imageListProblems,
  newImageList,
} from '@fedcloud/sdk/image-list';
import { describe, expect, it } from 'vitest';
import { imageEntry, planImage, type AddFlags } from './add.js';
import {
  humanSize,
  listSummary,
  renderImageTable,
  renderPublished,
  renderShow,
  renderVerdict,
} from './render.js';

const NOW = new Date('2026-12-01T10:00:00Z');
const ID = '662b0e71-3e21-4f5a-9a6d-6e5e3a4e1f10';

const empty = newImageList({
  title: 'vo.example.org images',
  vo: 'vo.example.org',
  uri: 'https://hub.example.org/api/v1/vos/vo.example.org/image-list',
  endorser: {
    'dc:creator': 'Ann Manager',
    'hv:ca': '/DC=org/CN=CA',
    'hv:dn': '/DC=org/CN=endorser',
    'hv:email': 'ann@example.org',
  },
  expires: new Date('2027-01-01T00:00:00Z'),
  identifier: '0b9f1c2e-1111-4222-8333-944455556666',
  now: NOW,
});

const FLAGS: AddFlags = {
  title: 'Ubuntu 24.04',
  os: 'Linux',
  osName: 'Ubuntu',
  osVersion: '24.04',
  arch: 'x86_64',
  hypervisor: 'KVM',
  group: 'General group',
  imageVersion: '24.04-1',
  identifier: ID,
};

function entry(over: Record<string, string> = {}): ImageEntry {
  const plan = planImage(empty, 'https://img.example.org/ubuntu.qcow2', FLAGS, NOW);
  return {
    ...imageEntry(empty, FLAGS, plan, { size: 1536, sha512: 'ab'.repeat(64) }, NOW),
    ...over,
  };
}

function capture() {
  const chunks = { stdout: '', stderr: '' };
  const stream = (key: keyof typeof chunks) =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks[key] += chunk.toString();
        done();
      },
    });
  return { ctx: { stdout: stream('stdout'), stderr: stream('stderr') }, chunks };
}

describe('the entry add builds', () => {
  it('has every attribute atrope requires, the people defaulting to the endorser', () => {
    const image = entry();
    const list = addImage(empty, image, NOW);
    expect(imageListProblems(list)).toEqual([]);
    expect(image).toMatchObject({
      'dc:identifier': ID,
      'hv:format': 'QCOW2',
      'hv:size': '1536',
      'hv:uri': 'https://img.example.org/ubuntu.qcow2',
      'ad:mpuri': 'https://img.example.org/ubuntu.qcow2',
      'ad:user:fullname': 'Ann Manager',
      'ad:user:guid': 'ann@example.org',
      'ad:user:uri': 'mailto:ann@example.org',
      'hv:version': '24.04-1',
      'dc:date:expires': '2499-12-31T22:00:00Z',
    });
  });

  it('needs --uri for a local file, reuses the identifier of the image with the title', () => {
    expect(() => planImage(empty, './disk.qcow2', FLAGS, NOW)).toThrow('--uri is missing');
    const list = addImage(empty, entry(), NOW);
    const plan = planImage(
      list,
      './disk.qcow2',
      { ...FLAGS, identifier: undefined, uri: 'https://img.example.org/new.qcow2' },
      NOW,
    );
    expect(plan).toMatchObject({ identifier: ID, replaces: true });
    const other = planImage(
      list,
      'https://img.example.org/d.raw',
      { ...FLAGS, identifier: undefined, title: 'Debian 12' },
      NOW,
    );
    expect(other.replaces).toBe(false);
    expect(other.identifier).not.toBe(ID);
    expect(other.format).toBe('RAW');
  });
});

describe('humanSize', () => {
  it('prints binary units with one decimal', () => {
    expect(humanSize(0)).toBe('0 B');
    expect(humanSize(1023)).toBe('1023 B');
    expect(humanSize(1536)).toBe('1.5 KiB');
    expect(humanSize(2 * 1024 ** 3)).toBe('2.0 GiB');
  });
});

describe('show', () => {
  const list = addImage(
    addImage(empty, entry(), NOW),
    entry({
      'dc:identifier': 'c0ffee00-0000-4000-8000-000000000000',
      'dc:title': 'Old',
      'hv:version': '1',
      'hv:format': 'RAW',
      'hv:size': '10485760',
      'dc:date:expires': '2026-06-01T00:00:00Z',
    }),
    NOW,
  );

  it('tables title, identifier, version, format, size and expiry, marking the expired', () => {
    expect(renderImageTable(listSummary(list, NOW))).toBe(
      [
        '+--------------+--------------------------------------+---------+--------+----------+--------------------------------+',
        '| Title        | Identifier                           | Version | Format |     Size | Expires                        |',
        '+--------------+--------------------------------------+---------+--------+----------+--------------------------------+',
        '| Ubuntu 24.04 | 662b0e71-3e21-4f5a-9a6d-6e5e3a4e1f10 | 24.04-1 | QCOW2  |  1.5 KiB | 2499-12-31T22:00:00Z           |',
        '| Old          | c0ffee00-0000-4000-8000-000000000000 | 1       | RAW    | 10.0 MiB | 2026-06-01T00:00:00Z (expired) |',
        '+--------------+--------------------------------------+---------+--------+----------+--------------------------------+',
        '',
      ].join('\n'),
    );
  });

  it('prints the header alone for a list without images', () => {
    expect(renderImageTable(listSummary(empty, NOW)).split('\n')).toHaveLength(4);
  });

  it('says on stderr that a signed list was not verified; --json is the summary', () => {
    const { ctx, chunks } = capture();
    renderShow(ctx, { source: 'list.signed', signed: true, list }, true, NOW);
    expect(chunks.stderr).toContain('list.signed is signed; its signature was NOT verified');
    const json = JSON.parse(chunks.stdout) as ReturnType<typeof listSummary>;
    expect(json).toMatchObject({
      identifier: '0b9f1c2e-1111-4222-8333-944455556666',
      vo: 'vo.example.org',
      endorser: { dn: '/DC=org/CN=endorser', ca: '/DC=org/CN=CA' },
    });
    expect(json.images.map((i) => [i.title, i.size, i.expired])).toEqual([
      ['Ubuntu 24.04', 1536, false],
      ['Old', 10485760, true],
    ]);
  });

  it('says nothing of signatures for an unsigned list', () => {
    const { ctx, chunks } = capture();
    renderShow(ctx, { source: 'list.json', signed: false, list }, false, NOW);
    expect(chunks.stderr).not.toContain('NOT verified');
    expect(chunks.stdout).toContain('| Ubuntu 24.04 |');
  });
});

describe('renderVerdict', () => {
  it('prints the verdict, the signer and the problems', () => {
    const { ctx, chunks } = capture();
    renderVerdict(
      ctx,
      {
        source: 'list.signed',
        trusted: false,
        failure: 'IMAGE_LIST_UNTRUSTED',
        problems: ['the list expired at 2026-01-01T00:00:00Z'],
        form: 'detached',
        signer: { dn: '/DC=org/CN=endorser', issuerDn: '/DC=org/CN=CA' },
        list: empty,
        expiredImages: [],
      },
      false,
      NOW,
    );
    expect(chunks.stdout).toBe(
      [
        'NOT TRUSTED: list.signed',
        '  signer: /DC=org/CN=endorser',
        '  issuer: /DC=org/CN=CA',
        '  form:   clear-signed',
        '  list:   "vo.example.org images" (0b9f1c2e-1111-4222-8333-944455556666) of VO vo.example.org, version 20261201100000, 0 images, expires 2027-01-01T00:00:00Z',
        '  problem: the list expired at 2026-01-01T00:00:00Z',
        '',
      ].join('\n'),
    );
  });

  it('--json carries the verdict and the list summary, not the raw list', () => {
    const { ctx, chunks } = capture();
    renderVerdict(
      ctx,
      {
        source: 's',
        trusted: true,
        problems: [],
        signer: { dn: '/CN=a', issuerDn: '/CN=b' },
        list: empty,
      },
      true,
      NOW,
    );
    const json = JSON.parse(chunks.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ trusted: true, signer: { dn: '/CN=a' }, list: { images: [] } });
    expect(json.list).not.toHaveProperty('hv:images');
  });
});

describe('renderPublished', () => {
  it('says where sites find the list', () => {
    const { ctx, chunks } = capture();
    renderPublished(
      ctx,
      {
        url: 'https://hub.example.org/api/v1/vos/vo.example.org/image-list',
        published: {
          vo: 'vo.example.org',
          identifier: 'l-1',
          version: '20261201100000',
          title: 'T',
          images: 1,
          endorser: { dn: '/CN=e', ca: '/CN=ca' },
          expires: '2027-01-01T00:00:00.000Z',
          public: false,
          publishedAt: '2026-12-01T10:00:00.000Z',
        },
      },
      false,
    );
    expect(chunks.stdout).toContain('Published VO vo.example.org\'s image list "T" (l-1)');
    expect(chunks.stdout).toContain('20261201100000, 1 image, private');
    expect(chunks.stdout).toContain(
      'url:      https://hub.example.org/api/v1/vos/vo.example.org/image-list',
    );
  });
});
