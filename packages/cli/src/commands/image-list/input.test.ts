import { FedcloudError } from '@fedcloud/sdk/errors';
import { describe, expect, it } from 'vitest';
import {
  endorserFrom,
  imageFormat,
  isUrl,
  parseExpiry,
  parseIdentifier,
  parseProperties,
  parseVo,
} from './input.js';

const NOW = new Date('2026-12-01T10:00:00Z');

/** The USAGE error's message (exit 2): bad input never gets past these checks. */
const usageError = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FedcloudError);
    expect((error as FedcloudError).code).toBe('USAGE');
    return (error as FedcloudError).message;
  }
  throw new Error('no error');
};

describe('parseIdentifier', () => {
  it('takes a UUID, lower-cased, and refuses anything else', () => {
    expect(parseIdentifier(' 662B0E71-3E21-4F5A-9A6D-6E5E3A4E1F10 ')).toBe(
      '662b0e71-3e21-4f5a-9a6d-6e5e3a4e1f10',
    );
    expect(usageError(() => parseIdentifier('list-1'))).toContain('--identifier must be a UUID');
  });
});

describe('parseExpiry', () => {
  it('takes days from now and dates in the future', () => {
    expect(parseExpiry('30d', NOW).toISOString()).toBe('2026-12-31T10:00:00.000Z');
    expect(parseExpiry('2027-06-30', NOW).toISOString()).toBe('2027-06-30T00:00:00.000Z');
    expect(parseExpiry('2027-06-30T12:00:00Z', NOW).toISOString()).toBe('2027-06-30T12:00:00.000Z');
  });

  it('refuses the past, zero days and words', () => {
    expect(usageError(() => parseExpiry('2026-01-01', NOW))).toBe(
      '--expires 2026-01-01 is not in the future',
    );
    expect(usageError(() => parseExpiry('0d', NOW))).toContain('at least 1d');
    expect(usageError(() => parseExpiry('next month', NOW))).toContain('must be a date');
  });
});

describe('imageFormat', () => {
  it('upper-cases --format, else reads the extension of a file or a URL path', () => {
    expect(imageFormat('disk.img', 'qcow2')).toBe('QCOW2');
    expect(imageFormat('disk.img', 'RAW')).toBe('RAW');
    expect(imageFormat('/images/ubuntu.qcow2', undefined)).toBe('QCOW2');
    expect(imageFormat('https://h.example.org/a/b.ova?token=x', undefined)).toBe('OVA');
  });

  it('refuses an unknown format, and a name that says none', () => {
    expect(usageError(() => imageFormat('a.qcow2', 'zip'))).toContain('--format must be one of');
    expect(usageError(() => imageFormat('disk.img', undefined))).toBe(
      'cannot tell the disk format of disk.img from its name',
    );
  });
});

describe('parseProperties', () => {
  it('splits at the first =, keeps empty values', () => {
    expect(parseProperties(['hv:ram_minimum=512', 'ad:note=a=b', 'sl:comments='])).toEqual({
      'hv:ram_minimum': '512',
      'ad:note': 'a=b',
      'sl:comments': '',
    });
    expect(parseProperties(undefined)).toEqual({});
  });

  it('refuses no key, and the attributes add works out itself', () => {
    expect(usageError(() => parseProperties(['=1']))).toContain('must be key=value');
    expect(usageError(() => parseProperties(['hv:size']))).toContain('must be key=value');
    expect(usageError(() => parseProperties(['sl:checksum:sha512=ab']))).toContain(
      'cannot set sl:checksum:sha512',
    );
  });
});

describe('endorserFrom', () => {
  const names = { subjectDn: '/DC=org/CN=endorser', issuerDn: '/DC=org/CN=CA' };

  it("fills the DNs from the certificate's names unless given, names the VO manager", () => {
    expect(endorserFrom({ endorserEmail: 'm@example.org' }, 'vo.example.org', names)).toEqual({
      'dc:creator': 'vo.example.org VO manager',
      'hv:ca': '/DC=org/CN=CA',
      'hv:dn': '/DC=org/CN=endorser',
      'hv:email': 'm@example.org',
    });
    expect(
      endorserFrom(
        { endorserEmail: 'm@example.org', endorserDn: '/CN=other', endorserName: 'Ann' },
        'vo',
        names,
      ),
    ).toMatchObject({ 'hv:dn': '/CN=other', 'hv:ca': '/DC=org/CN=CA', 'dc:creator': 'Ann' });
  });

  it('refuses a missing DN or e-mail, and a DN not in the one-line form', () => {
    expect(usageError(() => endorserFrom({ endorserEmail: 'm@x.org' }, 'vo', undefined))).toBe(
      "the endorser's DN is missing",
    );
    expect(usageError(() => endorserFrom({}, 'vo', names))).toBe('--endorser-email is missing');
    expect(usageError(() => endorserFrom({ endorserEmail: 'nobody' }, 'vo', names))).toContain(
      'must be an e-mail address',
    );
    expect(
      usageError(() =>
        endorserFrom({ endorserEmail: 'm@x.org', endorserDn: 'CN=endorser,DC=org' }, 'vo', names),
      ),
    ).toContain("--endorser-dn must be a DN in OpenSSL's one-line form");
  });
});

describe('parseVo and isUrl', () => {
  it('takes VO names, refuses none and blanks', () => {
    expect(parseVo(' vo.access.egi.eu ')).toBe('vo.access.egi.eu');
    expect(usageError(() => parseVo(undefined))).toBe('--vo is missing');
    expect(usageError(() => parseVo('my vo'))).toContain('is not a VO name');
  });

  it('fetches http and https only', () => {
    expect(isUrl('https://h/x')).toBe(true);
    expect(isUrl('HTTP://h/x')).toBe(true);
    expect(isUrl('ftp://h/x')).toBe(false);
    expect(isUrl('./https:/x')).toBe(false);
  });
});
