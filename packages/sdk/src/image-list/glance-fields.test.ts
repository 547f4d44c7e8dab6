import { describe, expect, it } from 'vitest';
import { glanceImageFields, isSameImage } from './glance-fields.js';
import type { ImageEntry } from './hepix.js';
import { IMAGE } from './testing/sample-list.js';

const image = IMAGE as ImageEntry;

describe("an image's Glance fields, as atrope writes them", () => {
  it('names it prefix + list prefix + title, shares it with the project, and sets the AppDB properties', () => {
    const fields = glanceImageFields(image, {
      listName: 'training.egi.eu',
      globalPrefix: 'EGI ',
      listPrefix: 'training ',
      tag: 'fedcloud-agent',
      project: 'p-123',
      diskFormat: 'QCOW2',
    });
    expect(fields).toEqual({
      name: 'EGI training Ubuntu 22.04',
      tags: ['fedcloud-agent'],
      visibility: 'shared',
      disk_format: 'qcow2',
      container_format: 'bare',
      properties: {
        vmcatcher_event_dc_description: 'Ubuntu server image',
        vmcatcher_event_ad_mpuri: IMAGE['ad:mpuri'],
        appdb_id: IMAGE['dc:identifier'],
        image_hash: `sha512:${'ab'.repeat(64)}`,
        image_list: 'training.egi.eu',
        os_version: '22.04',
        os_distro: 'Ubuntu',
        architecture: 'x86_64',
        APPLIANCE_ATTRIBUTES: JSON.stringify(IMAGE),
        project: 'p-123',
      },
    });
    expect(JSON.parse(fields.properties['APPLIANCE_ATTRIBUTES']!)).toEqual(IMAGE);
  });

  it('uploads unknown formats as raw, vmdk in an ova container, private without a project', () => {
    const base = { listName: 'l', tag: 't' };
    expect(glanceImageFields(image, { ...base, diskFormat: 'OVA' })).toMatchObject({
      disk_format: 'raw',
      container_format: 'bare',
      visibility: 'private',
      name: 'Ubuntu 22.04',
    });
    expect(
      glanceImageFields(image, { ...base, diskFormat: 'vmdk', sharing: 'community' }),
    ).toMatchObject({
      disk_format: 'vmdk',
      container_format: 'ova',
      visibility: 'community',
    });
  });

  it("knows Glance's copy by appdb_id and image_hash", () => {
    const hash = `sha512:${'ab'.repeat(64)}`;
    expect(isSameImage({ appdb_id: IMAGE['dc:identifier'], image_hash: hash }, image)).toBe(true);
    expect(isSameImage({ appdb_id: IMAGE['dc:identifier'], image_hash: 'sha512:00' }, image)).toBe(
      false,
    );
    expect(isSameImage({ appdb_id: 'other', image_hash: hash }, image)).toBe(false);
  });
});
