import type { Appliance } from '@fedcloud/sandbox';
import { describe, expect, it } from 'vitest';
import { listNeedsPublishing, sandboxImageList } from './federation-images.js';

const NOW = new Date('2026-12-04T10:00:00Z');
const ENDORSER = {
  dn: '/CN=fedcloud sandbox VO manager/O=fedcloud sandbox',
  ca: '/CN=fedcloud sandbox CA/O=fedcloud sandbox',
  creator: 'fedcloud sandbox VO manager',
  email: 'vo-manager@sandbox.invalid',
};
const UBUNTU: Appliance = {
  identifier: '2f4c3c1e-6a8e-4c55-9a0e-5b1d6d2c7a01',
  file: 'egi-tiny-ubuntu-24.04.raw',
  title: 'EGI Tiny Ubuntu 24.04',
  description: 'A tiny Ubuntu',
  format: 'raw',
  size: 1024,
  sha512: 'a'.repeat(128),
  version: '2026.11.0',
  architecture: 'x86_64',
  osName: 'Ubuntu',
  osVersion: '24.04',
  imageRef: 'egi_vm_images/egi-tiny-ubuntu-24.04:2026.11.0',
};

const build = (appliances: Appliance[], now = NOW, appliancesUrl = 'https://127.0.0.1:7447') =>
  sandboxImageList({
    vo: 'vo.access.egi.eu',
    listUrl: 'https://127.0.0.1:7443/api/v1/vos/vo.access.egi.eu/image-list',
    appliancesUrl,
    appliances,
    endorser: ENDORSER,
    now,
  });

describe('sandboxImageList', () => {
  it('lists each appliance at its URL with the keys the hub and atrope read', () => {
    const list = build([UBUNTU]);
    expect(list['hv:endorser']['hv:x509']['hv:dn']).toBe(ENDORSER.dn);
    expect(list['hv:endorser']['hv:x509']['hv:ca']).toBe(ENDORSER.ca);
    expect(list['ad:vo']).toBe('vo.access.egi.eu');
    // 365 days after 2026-12-04.
    expect(list['dc:date:expires']).toBe('2027-12-04T10:00:00Z');
    expect(list['hv:images']).toHaveLength(1);
    const image = list['hv:images'][0]!['hv:image'];
    expect(image).toMatchObject({
      'dc:identifier': '2f4c3c1e-6a8e-4c55-9a0e-5b1d6d2c7a01',
      'hv:uri': 'https://127.0.0.1:7447/images/egi-tiny-ubuntu-24.04.raw',
      'hv:format': 'RAW',
      'hv:size': '1024',
      'sl:checksum:sha512': 'a'.repeat(128),
      'hv:version': '2026.11.0',
      'ad:mpuri':
        'https://registry.egi.eu/harbor/projects/sandbox/repositories/egi-tiny-ubuntu-24.04/artifacts-tab',
      'eu.egi.cloud.image_ref': 'egi_vm_images/egi-tiny-ubuntu-24.04:2026.11.0',
      'eu.egi.cloud.tag': '2026.11.0',
    });
  });

  it('gives the same list identifier on every build', () => {
    expect(build([UBUNTU])['dc:identifier']).toBe(
      build([], new Date('2027-01-01T00:00:00Z'))['dc:identifier'],
    );
    expect(build([UBUNTU])['dc:identifier']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

describe('listNeedsPublishing', () => {
  it('publishes when the hub has no list', () => {
    expect(listNeedsPublishing(undefined, build([UBUNTU]), NOW)).toBe(true);
  });

  it('keeps a list built the day before with the same images', () => {
    const yesterday = build([UBUNTU], new Date('2026-12-03T10:00:00Z'));
    expect(listNeedsPublishing(yesterday, build([UBUNTU]), NOW)).toBe(false);
  });

  it('publishes when an image changed or the repository moved', () => {
    const published = build([UBUNTU]);
    const newer = { ...UBUNTU, version: '2026.12.0' };
    expect(listNeedsPublishing(published, build([newer]), NOW)).toBe(true);
    expect(
      listNeedsPublishing(published, build([UBUNTU], NOW, 'https://127.0.0.1:9999'), NOW),
    ).toBe(true);
    expect(listNeedsPublishing(published, build([]), NOW)).toBe(true);
  });

  it('signs anew when the list expires within 30 days, not 31', () => {
    // Built 2025-12-25: expires 2026-12-25, 21 days after NOW.
    const old = build([UBUNTU], new Date('2025-12-25T10:00:00Z'));
    expect(listNeedsPublishing(old, build([UBUNTU]), NOW)).toBe(true);
    // Built 2026-01-04: expires 2027-01-04, 31 days after NOW.
    const recent = build([UBUNTU], new Date('2026-01-04T10:00:00Z'));
    expect(listNeedsPublishing(recent, build([UBUNTU]), NOW)).toBe(false);
  });
});
