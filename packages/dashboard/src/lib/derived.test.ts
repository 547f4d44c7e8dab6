import type { SiteFlavor, SiteImage, VoDetail } from '@fedcloud/hub/api-types';
import { describe, expect, it } from 'vitest';
import { frameSites } from '../charts/frame.js';
import { distinctFlavors } from './flavors.js';
import { imagesAcrossSites } from './vo-images.js';

const flavor = (id: string, vo: string, cpu: number, ramMb: number): SiteFlavor => ({
  id,
  name: id,
  vo,
  cpu,
  ramMb,
  diskGb: 10,
  gpus: 0,
  gpuVendor: null,
  gpuModel: null,
});
const image = (id: string, name: string, egiId: string | null): SiteImage => ({
  id,
  name,
  vo: 'v',
  projectId: 'p',
  marketplaceUrl: null,
  osName: 'ubuntu',
  osVersion: '24.04',
  osPlatform: 'amd64',
  egiId,
});

describe('distinctFlavors', () => {
  it('keeps one entry per flavor id, smallest first', () => {
    const list = [
      flavor('big', 'a', 8, 1024),
      flavor('small', 'a', 1, 2048),
      flavor('small', 'b', 1, 2048),
      flavor('mid', 'b', 1, 4096),
    ];
    expect(distinctFlavors(list).map((f) => f.id)).toEqual(['small', 'mid', 'big']);
  });
});

describe('imagesAcrossSites', () => {
  it('lists an appliance once with every site offering it', () => {
    const vo: VoDetail = {
      name: 'v',
      description: '',
      siteCount: 2,
      homepage: '',
      sites: [
        {
          site: 'B',
          status: 'ok',
          projectId: 'p1',
          projectName: '',
          images: [image('1', 'Ubuntu', 'egi/ubuntu'), image('2', 'Local', null)],
        },
        {
          site: 'A',
          status: 'ok',
          projectId: 'p2',
          projectName: '',
          images: [image('9', 'Ubuntu (A copy)', 'egi/ubuntu')],
        },
      ],
    };
    expect(imagesAcrossSites(vo).map((entry) => [entry.image.name, entry.sites])).toEqual([
      ['Local', ['B']],
      ['Ubuntu', ['A', 'B']],
    ]);
  });
});

describe('frameSites', () => {
  it('shows the world when there is nothing to frame', () => {
    expect(frameSites([])).toEqual({ center: [10, 30], zoom: 1 });
  });

  it('centres on the sites and zooms in on a region, within bounds', () => {
    const europe = frameSites([
      [-3.8, 43.5],
      [16.6, 49.2],
    ]);
    expect(europe.center).toEqual([6.4, 46.35]);
    expect(europe.zoom).toBeGreaterThan(3);
    expect(europe.zoom).toBeLessThanOrEqual(8);
    expect(
      frameSites([
        [-120, 40],
        [150, -30],
      ]).zoom,
    ).toBeLessThan(1.5);
    expect(frameSites([[10, 10]]).zoom).toBe(8);
  });
});
