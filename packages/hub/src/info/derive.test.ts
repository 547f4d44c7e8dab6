import { glue21DocumentSchema, type GlueImage } from '@fedcloud/sdk/glue2';
import { describe, expect, it } from 'vitest';
import { deriveImage, deriveInfo, siteFlavorsOf, siteImagesOf } from './derive.js';
import { buildGlueDocument, defaultFlavors, defaultImages } from '../testing/index.js';

const URL = 'https://keystone.cloud.example.org:5000/v3';

function derived() {
  const doc = buildGlueDocument({
    site: 'EXAMPLE-CLOUD',
    endpointUrl: URL,
    creationTime: '2025-06-01T11:00:00+00:00',
    vos: [
      { name: 'vo.access.egi.eu', projectId: 'p-access' },
      { name: 'fedcloud.egi.eu', projectId: 'p-fedcloud' },
    ],
    images: defaultImages(2),
    flavors: defaultFlavors(8),
  });
  return deriveInfo(glue21DocumentSchema.parse(doc));
}

const image = (over: Partial<GlueImage>): GlueImage => ({
  ID: 'img-1',
  CreationTime: '2025-06-01T11:00:00Z',
  Validity: 3600,
  OSPlatform: 'x86_64',
  OSName: 'ubuntu',
  AccessInfo: 'none',
  ...over,
});

describe('deriveImage (cloud-info-api get_mp_image_data)', () => {
  it('takes egi_id and version from OtherInfo for registry.egi.eu images', () => {
    const d = deriveImage(
      image({
        Name: 'registry.egi.eu egi_vm_images/ubuntu:22.04',
        MarketplaceURL: 'registry.egi.eu/egi_vm_images/ubuntu:22.04-sha256:4d06',
        OtherInfo: {
          'eu.egi.cloud.image_ref': 'egi_vm_images/ubuntu:22.04',
          'eu.egi.cloud.tag': '2025-09-04',
        },
      }),
    );
    expect(d.egiId).toBe('egi_vm_images/ubuntu:22.04');
    expect(d.version).toBe('2025-09-04');
  });

  it('falls back to the marketplace URL as egi_id, and to no version', () => {
    const d = deriveImage(image({ MarketplaceURL: 'registry.egi.eu/vo/img:1' }));
    expect(d).toMatchObject({ egiId: 'registry.egi.eu/vo/img:1', version: '', name: '' });
  });

  it('gives other images no EGI identity, whatever their OtherInfo says', () => {
    const d = deriveImage(
      image({
        Name: 'local',
        MarketplaceURL: 'https://glance.example.org/v2/images/x/file',
        OtherInfo: { 'eu.egi.cloud.image_ref': 'fake', 'eu.egi.cloud.tag': 'v1' },
      }),
    );
    expect(d).toMatchObject({
      egiId: null,
      version: '',
      marketplaceUrl: 'https://glance.example.org/v2/images/x/file',
    });
    expect(deriveImage(image({})).marketplaceUrl).toBeNull();
  });
});

describe('deriveInfo', () => {
  it('keeps the document order of shares and gives each its VO, project, images, flavors', () => {
    const info = derived();
    expect(info.endpointUrl).toBe(URL);
    expect(info.gocdbId).toBeNull();
    expect(info.shares.map((s) => [s.vo, s.projectId, s.images.length, s.flavors.length])).toEqual([
      ['vo.access.egi.eu', 'p-access', 2, 8],
      ['fedcloud.egi.eu', 'p-fedcloud', 2, 8],
    ]);
  });

  it('reads GPUs from the accelerators linked to a flavor', () => {
    const flavors = siteFlavorsOf(derived(), 'fedcloud.egi.eu');
    expect(flavors).toHaveLength(8);
    expect(flavors.find((f) => f.name === 'g1.large')).toEqual({
      id: '8',
      name: 'g1.large',
      vo: 'fedcloud.egi.eu',
      cpu: 16,
      ramMb: 65536,
      diskGb: 100,
      gpus: 2,
      gpuVendor: 'nvidia',
      gpuModel: 'A100',
    });
    expect(flavors.find((f) => f.name === 'm1.tiny')).toMatchObject({ gpus: 0, gpuVendor: null });
  });

  it('lists images per VO project, with the EGI id of registry images', () => {
    const rows = siteImagesOf(derived(), 'vo.access.egi.eu');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      id: rows[0]!.id,
      name: 'registry.egi.eu egi_vm_images/ubuntu:22.04',
      vo: 'vo.access.egi.eu',
      projectId: 'p-access',
      marketplaceUrl: expect.stringMatching(
        /^registry\.egi\.eu\/egi_vm_images\/ubuntu:22\.04-sha256:/,
      ),
      osName: 'ubuntu',
      osVersion: '22.04',
      osPlatform: 'x86_64',
      egiId: 'egi_vm_images/ubuntu:22.04',
    });
    expect(rows[1]).toMatchObject({ egiId: null, name: 'ubuntu-24.04-local' });
    expect(siteImagesOf(derived())).toHaveLength(4);
    expect(siteImagesOf(derived(), 'unknown.vo')).toEqual([]);
  });
});
