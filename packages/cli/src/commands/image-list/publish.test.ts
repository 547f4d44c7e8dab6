import { FedcloudError } from '@fedcloud/sdk/errors';
import { newImageList, renderImageList } from '@fedcloud/sdk/image-list';
import { describe, expect, it } from 'vitest';
import { publicationVo, publishHub, publishRefusal } from './publish.js';
import { expectedEndorser } from './verify.js';

const NOW = new Date('2026-12-01T10:00:00Z');
const listText = renderImageList(
  newImageList({
    title: 'T',
    vo: 'vo.example.org',
    uri: 'https://hub.example.org/l',
    endorser: { 'dc:creator': 'A', 'hv:ca': '/CN=ca', 'hv:dn': '/CN=e', 'hv:email': 'a@b.org' },
    expires: new Date('2027-01-01T00:00:00Z'),
    now: NOW,
  }),
);
/** Only the MIME wrapper matters here: the hub checks the signature itself. */
const signedLooking = Buffer.from(
  [
    'MIME-Version: 1.0',
    'Content-Type: multipart/signed; protocol="application/x-pkcs7-signature"; micalg="sha-256"; boundary="----B"',
    '',
    'This is an S/MIME signed message',
    '',
    '------B',
    listText.replace(/\n/g, '\r\n'),
    '------B',
    'Content-Type: application/x-pkcs7-signature; name="smime.p7s"',
    'Content-Transfer-Encoding: base64',
    '',
    'AAAA',
    '',
    '------B--',
    '',
  ].join('\n'),
);

const codeOf = (run: () => unknown): [string, string] => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FedcloudError);
    return [(error as FedcloudError).code, (error as FedcloudError).message];
  }
  throw new Error('no error');
};

describe('publicationVo', () => {
  it("takes --vo, else the signed list's ad:vo", () => {
    expect(publicationVo(signedLooking, 'l.signed', undefined)).toBe('vo.example.org');
    expect(publicationVo(signedLooking, 'l.signed', 'vo.example.org')).toBe('vo.example.org');
  });

  it('refuses an unsigned list and a --vo the list is not endorsed for', () => {
    expect(codeOf(() => publicationVo(Buffer.from(listText), 'l.json', undefined))).toEqual([
      'USAGE',
      'l.json is not a signed list',
    ]);
    expect(codeOf(() => publicationVo(signedLooking, 'l.signed', 'other.vo'))).toEqual([
      'USAGE',
      'l.signed is endorsed for VO vo.example.org (ad:vo), not other.vo',
    ]);
  });
});

describe('publishHub', () => {
  it('needs a hub', () => {
    expect(codeOf(() => publishHub({}))[0]).toBe('USAGE');
    expect(publishHub({ hub: 'https://hub.example.org/' })).toMatch(/^https:\/\/hub\.example\.org/);
  });
});

describe('publishRefusal', () => {
  const where = { hub: 'https://hub.example.org', vo: 'vo.example.org' };
  const body = (message: string, details?: unknown) =>
    JSON.stringify({ error: { code: 'X', message, ...(details ? { details } : {}) } });

  it("maps the hub's answers to the CLI's codes, with the hub's reason", () => {
    const cases: [number, string, string][] = [
      [400, body('the list expired at 2026-01-01'), 'IMAGE_LIST_INVALID'],
      [401, body('bad token'), 'TOKEN_INVALID'],
      [
        403,
        body('the signature is refused: not trusted', { reason: 'SIGNER_UNTRUSTED' }),
        'IMAGE_LIST_UNTRUSTED',
      ],
      [
        403,
        body('x may not image-list.publish', { action: 'image-list.publish' }),
        'TOKEN_INVALID',
      ],
      [404, body('no VO vo.example.org is registered'), 'NOT_FOUND'],
      [409, body('the hub holds version 2'), 'USAGE'],
      [502, 'Bad gateway', 'SITE_UNREACHABLE'],
    ];
    for (const [status, text, code] of cases) {
      const error = publishRefusal(status, text, where);
      expect([status, error.code]).toEqual([status, code]);
    }
    expect(publishRefusal(400, body('the list expired at 2026-01-01'), where).message).toBe(
      'the hub refused the list: the list expired at 2026-01-01',
    );
    expect(publishRefusal(403, body('nope', { action: 'a' }), where).hint).toContain(
      'vo-manager role for vo.example.org',
    );
  });
});

describe('expectedEndorser', () => {
  it('takes both or neither', () => {
    expect(expectedEndorser({ ca: 'x' })).toBeUndefined();
    expect(expectedEndorser({ ca: 'x', endorserDn: '/CN=e', endorserCa: '/CN=ca' })).toEqual({
      dn: '/CN=e',
      ca: '/CN=ca',
    });
    expect(codeOf(() => expectedEndorser({ ca: 'x', endorserDn: '/CN=e' }))).toEqual([
      'USAGE',
      '--endorser-ca is missing: give both or neither',
    ]);
  });
});
