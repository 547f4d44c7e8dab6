import { describe, expect, it } from 'vitest';
import { InvalidFernetToken, fernetDecrypt, fernetEncrypt } from './fernet.js';

// The Fernet spec's own vectors (github.com/fernet/spec generate.json, verify.json, invalid.json).
const SPEC_SECRET = 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=';
const SPEC_TOKEN =
  'gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==';
const SPEC_NOW = Date.parse('1985-10-26T01:20:00-07:00') / 1000;
const IV = Uint8Array.from({ length: 16 }, (_, i) => i);

describe('Fernet', () => {
  it('generates the spec token for its secret, time and IV', () => {
    expect(fernetEncrypt(SPEC_SECRET, 'hello', { timestamp: SPEC_NOW, iv: IV })).toBe(SPEC_TOKEN);
  });

  it('verifies the spec token one second later with a 60 s TTL', () => {
    const plain = fernetDecrypt(SPEC_SECRET, SPEC_TOKEN, { ttlSeconds: 60, now: SPEC_NOW + 1 });
    expect(plain.toString()).toBe('hello');
  });

  it.each([
    [
      'incorrect mac',
      'gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAl1-szkFVzXTuGb4hR8AKtwcaX1YdykQUFBQUFBQUFBQQ==',
      1,
    ],
    ['too short', 'gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPA==', 1],
    [
      'invalid base64',
      '%%%%%%%%%%%%%AECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAl1-szkFVzXTuGb4hR8AKtwcaX1YdykRtfsH-p1YsUD2Q==',
      1,
    ],
    [
      'payload size not multiple of block size',
      'gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPOm73QeoCk9uGib28Xe5vz6oxq5nmxbx_v7mrfyudzUm',
      1,
    ],
    [
      'payload padding error',
      'gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0ODz4LEpdELGQAad7aNEHbf-JkLPIpuiYRLQ3RtXatOYREu2FWke6CnJNYIbkuKNqOhw==',
      1,
    ],
    [
      'far-future TS (unacceptable clock skew)',
      'gAAAAAAdwStRAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAnja1xKYyhd-Y6mSkTOyTGJmw2Xc2a6kBd-iX9b_qXQcw==',
      1,
    ],
    [
      'expired TTL',
      'gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAl1-szkFVzXTuGb4hR8AKtwcaX1YdykRtfsH-p1YsUD2Q==',
      91,
    ],
    [
      'incorrect IV (causes padding error)',
      'gAAAAAAdwJ6xBQECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAkLhFLHpGtDBRLRTZeUfWgHSv49TF2AUEZ1TIvcZjK1zQ==',
      1,
    ],
  ])('refuses the spec’s invalid token: %s', (_desc, token, later) => {
    expect(() =>
      fernetDecrypt(SPEC_SECRET, token, { ttlSeconds: 60, now: SPEC_NOW + later }),
    ).toThrow(InvalidFernetToken);
  });

  it('decrypts a token python3-cryptography made (Fernet._encrypt_from_parts)', () => {
    // By hand, once: key = base64(PBKDF2(b"correct horse battery staple", bytes(range(16)))),
    // f._encrypt_from_parts("s3cr3t value ✓".encode(), 1700000000, bytes(range(100, 116))).
    const key = 'hhIECp/j9H/939pvPTuezqNaoB5MIQRcKWuS2nl2Nzw=';
    const token =
      'gAAAAABlU_EAZGVmZ2hpamtsbW5vcHFyc4ntkAaEl9MWCQQSxhb1eaBallo6JbVCOP4o19tydL0ku0n3us9pokfCI2jlMSZazn6r-4FUgXk5HsM4atJwl8E=';
    expect(fernetDecrypt(key, token).toString('utf8')).toBe('s3cr3t value ✓');
    const iv = Uint8Array.from({ length: 16 }, (_, i) => 100 + i);
    expect(fernetEncrypt(key, 's3cr3t value ✓', { timestamp: 1_700_000_000, iv })).toBe(token);
  });

  it('needs no TTL, as fedcloudclient checks none: a 1985 token still decrypts', () => {
    expect(fernetDecrypt(SPEC_SECRET, SPEC_TOKEN).toString()).toBe('hello');
  });

  it('round-trips binary data and empty text with random IVs', () => {
    const data = Buffer.from([0, 255, 1, 254, 10, 13]);
    const one = fernetEncrypt(SPEC_SECRET, data);
    const two = fernetEncrypt(SPEC_SECRET, data);
    expect(one).not.toBe(two);
    expect(fernetDecrypt(SPEC_SECRET, one)).toEqual(data);
    expect(fernetDecrypt(SPEC_SECRET, fernetEncrypt(SPEC_SECRET, '')).toString()).toBe('');
  });

  it('refuses a token made with another key', () => {
    const other = Buffer.alloc(32, 7);
    expect(() => fernetDecrypt(other, SPEC_TOKEN)).toThrow(InvalidFernetToken);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => fernetEncrypt(Buffer.alloc(16), 'x')).toThrow(RangeError);
  });
});
