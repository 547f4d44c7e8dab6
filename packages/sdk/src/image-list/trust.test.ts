import { describe, expect, it } from 'vitest';
import { parseImageList } from './hepix.js';
import { IMAGE, LIST } from './testing/sample-list.js';
import { endorsementProblems, imagesByExpiry } from './trust.js';

const list = parseImageList(JSON.stringify({ 'hv:imagelist': LIST }));
const DN = '/DC=org/DC=sandbox/CN=training endorser';
const CA = '/DC=org/DC=sandbox/CN=Sandbox CA';
const now = new Date('2026-12-15T00:00:00Z');

describe('whether a verified list is trusted (atrope)', () => {
  it('trusts the endorser the list names, issued by its CA, when the subscription expects it', () => {
    expect(endorsementProblems(list, { dn: DN, issuerDn: CA }, { dn: DN, ca: CA }, now)).toEqual(
      [],
    );
    expect(endorsementProblems(list, { dn: DN, issuerDn: CA }, undefined, now)).toEqual([]);
  });

  it('refuses another signer, another issuer, an unexpected endorser and an expired list', () => {
    expect(
      endorsementProblems(
        list,
        { dn: '/CN=mallory', issuerDn: '/CN=Other CA' },
        { dn: '/CN=someone else', ca: '/CN=Their CA' },
        new Date('2027-01-01T00:00:01Z'),
      ),
    ).toEqual([
      `signed by /CN=mallory, but the list names ${DN} as its endorser`,
      `the signer's certificate is issued by /CN=Other CA, not ${CA}`,
      `endorsed by ${DN}, but the subscription expects /CN=someone else`,
      `the endorser's CA is ${CA}, but the subscription expects /CN=Their CA`,
      'the list expired at 2027-01-01T00:00:00Z',
    ]);
  });

  it('compares DNs exactly: a different order of the same parts is another DN', () => {
    const reordered = '/CN=training endorser/DC=sandbox/DC=org';
    expect(endorsementProblems(list, { dn: reordered, issuerDn: CA }, undefined, now)).toHaveLength(
      1,
    );
  });

  it('splits images by their own expiry; one without a date is expired, as in atrope', () => {
    const { 'dc:date:expires': _none, ...undated } = IMAGE;
    const mixed = {
      ...list,
      'hv:images': [
        { 'hv:image': IMAGE },
        {
          'hv:image': {
            ...IMAGE,
            'dc:identifier': 'old',
            'dc:date:expires': '2026-12-14T23:59:59Z',
          },
        },
        { 'hv:image': { ...undated, 'dc:identifier': 'undated' } },
      ],
    } as typeof list;
    const { current, expired } = imagesByExpiry(mixed, now);
    expect(current.map((i) => i['dc:identifier'])).toEqual([IMAGE['dc:identifier']]);
    expect(expired.map((i) => i['dc:identifier'])).toEqual(['old', 'undated']);
  });
});
