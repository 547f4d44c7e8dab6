import { describe, expect, it } from 'vitest';
import { FedcloudError } from '../errors.js';
import { imageListProblems, parseImageList, renderImageList } from './hepix.js';
import { IMAGE, LIST } from './testing/sample-list.js';

describe('HEPiX image lists', () => {
  it('parses a list with every key atrope requires, and renders it back unchanged', () => {
    const text = JSON.stringify({ 'hv:imagelist': LIST });
    const list = parseImageList(text);
    expect(list['hv:images'][0]?.['hv:image']['dc:title']).toBe('Ubuntu 22.04');
    expect(list['ad:vo']).toBe('training.egi.eu');
    expect(JSON.parse(renderImageList(list))).toEqual({ 'hv:imagelist': LIST });
  });

  it('names every missing or wrong key, by image', () => {
    const { 'sl:osname': _gone, ...image } = IMAGE;
    const broken = {
      ...LIST,
      'hv:version': 20261201,
      'dc:date:expires': 'soon',
      'hv:endorser': { 'hv:x509': { 'hv:dn': '/CN=x' } },
      'hv:images': [
        { 'hv:image': { ...image, 'hv:size': '12 MB', 'sl:checksum:sha512': 'abc' } },
        { 'hv:image': IMAGE },
        { 'hv:image': IMAGE },
        'nope',
      ],
    };
    const { 'dc:source': _source, ...noSource } = broken;
    expect(imageListProblems(noSource)).toEqual([
      'dc:source is missing',
      'hv:version must be a string',
      'dc:date:expires is not a date: "soon"',
      'hv:endorser: dc:creator is missing',
      'hv:endorser: hv:ca is missing',
      'hv:endorser: hv:email is missing',
      `image 1 (${IMAGE['dc:identifier']}): sl:osname is missing`,
      `image 1 (${IMAGE['dc:identifier']}): hv:size must be a whole number of bytes, not "12 MB"`,
      `image 1 (${IMAGE['dc:identifier']}): sl:checksum:sha512 must be 128 hex digits`,
      `image 2 (${IMAGE['dc:identifier']}): dc:identifier appears twice`,
      `image 3 (${IMAGE['dc:identifier']}): dc:identifier appears twice`,
      'image 4: must be {"hv:image": {…}}',
    ]);
  });

  it('refuses what is not a list with IMAGE_LIST_INVALID and a short reason', () => {
    const refused = (text: string): FedcloudError => {
      try {
        parseImageList(text);
      } catch (error) {
        return error as FedcloudError;
      }
      throw new Error('accepted');
    };
    expect(refused('{').code).toBe('IMAGE_LIST_INVALID');
    expect(refused('{').message).toMatch(/^not a valid HEPiX image list: not JSON/);
    expect(refused('{"imagelist": {}}').message).toContain('no "hv:imagelist" object');
    const many = refused(JSON.stringify({ 'hv:imagelist': {} }));
    expect(many.message).toBe(
      'not a valid HEPiX image list: dc:date:created is missing; dc:date:expires is missing; hv:endorser is missing; dc:identifier is missing; dc:description is missing (and 5 more)',
    );
    expect(() => renderImageList({ ...LIST, 'hv:images': 'none' } as never)).toThrow(
      'hv:images must be a list',
    );
  });
});
