import { describe, expect, it } from 'vitest';
import { addImage, listVersion, newImageList, removeImage } from './edit.js';
import { parseImageList, renderImageList } from './hepix.js';
import { IMAGE, LIST } from './testing/sample-list.js';

const endorser = LIST['hv:endorser']['hv:x509'];
const created = new Date('2026-12-01T10:00:00.250Z');

describe('building an image list', () => {
  it('starts an empty list versioned by its creation time, without milliseconds', () => {
    const list = newImageList({
      title: 'training.egi.eu images',
      vo: 'training.egi.eu',
      uri: 'https://hub.example.org/l',
      endorser,
      expires: new Date('2027-01-01T00:00:00Z'),
      identifier: 'list-1',
      now: created,
    });
    expect(list).toEqual({
      'dc:identifier': 'list-1',
      'dc:title': 'training.egi.eu images',
      'dc:description': 'training.egi.eu images',
      'dc:source': 'https://hub.example.org/l',
      'dc:date:created': '2026-12-01T10:00:00Z',
      'dc:date:expires': '2027-01-01T00:00:00Z',
      'ad:vo': 'training.egi.eu',
      'hv:uri': 'https://hub.example.org/l',
      'hv:version': '20261201100000',
      'hv:endorser': { 'hv:x509': endorser },
      'hv:images': [],
    });
    expect(listVersion(new Date('2027-02-03T04:05:06.999Z'))).toBe('20270203040506');
  });

  it('refuses a list that would be born expired', () => {
    expect(() =>
      newImageList({ title: 't', vo: 'v', uri: 'u', endorser, expires: created, now: created }),
    ).toThrow('the list would expire at once (2026-12-01T10:00:00Z)');
  });

  it('adds images, replaces one by identifier in place, and bumps the version each time', () => {
    const list = parseImageList(JSON.stringify({ 'hv:imagelist': LIST }));
    const other = { ...IMAGE, 'dc:identifier': 'img-2', 'dc:title': 'Alma 9' };
    const two = addImage(list, other, new Date('2026-12-02T08:00:00Z'));
    expect(two['hv:images'].map((i) => i['hv:image']['dc:title'])).toEqual([
      'Ubuntu 22.04',
      'Alma 9',
    ]);
    expect(two['hv:version']).toBe('20261202080000');
    const newer = { ...IMAGE, 'hv:version': '22.04-2' };
    const three = addImage(two, newer, new Date('2026-12-03T08:00:00Z'));
    expect(three['hv:images'].map((i) => i['hv:image']['hv:version'])).toEqual([
      '22.04-2',
      '22.04-1',
    ]);
    expect(three['dc:date:created']).toBe('2026-12-03T08:00:00Z');
    // The earlier versions are untouched values, and every result renders as a valid list.
    expect(list['hv:images']).toHaveLength(1);
    expect(() => renderImageList(three)).not.toThrow();
  });

  it('removes by identifier or by a unique title; says which when none or several match', () => {
    const list = parseImageList(JSON.stringify({ 'hv:imagelist': LIST }));
    const at = new Date('2026-12-02T00:00:00Z');
    expect(removeImage(list, IMAGE['dc:identifier'], at)['hv:images']).toEqual([]);
    expect(removeImage(list, 'Ubuntu 22.04', at)['hv:images']).toEqual([]);
    expect(() => removeImage(list, 'Fedora', at)).toThrow('no image "Fedora" in the list');
    const twin = addImage(list, { ...IMAGE, 'dc:identifier': 'img-2' }, at);
    expect(() => removeImage(twin, 'Ubuntu 22.04', at)).toThrow(
      '2 images are titled "Ubuntu 22.04": name one by its identifier',
    );
  });
});
