import { describe, expect, it } from 'vitest';
import {
  SALT_KEY,
  decryptSecretValues,
  deriveFernetKey,
  encryptSecretValues,
} from './value-encryption.js';

const SALT = Uint8Array.from({ length: 16 }, (_, i) => i);

describe('fedcloudclient-compatible value encryption', () => {
  it('derives the key python3-cryptography derives (PBKDF2-SHA256, 390000 rounds)', () => {
    // By hand, once: base64.b64encode(PBKDF2HMAC(SHA256(), 32, bytes(range(16)), 390000)
    //   .derive(b"correct horse battery staple"))
    expect(deriveFernetKey('correct horse battery staple', SALT).toString('base64')).toBe(
      'hhIECp/j9H/939pvPTuezqNaoB5MIQRcKWuS2nl2Nzw=',
    );
  });

  it('writes what fedcloudclient writes for the same salt, IV and time', () => {
    const out = encryptSecretValues(
      'correct horse battery staple',
      { note: 's3cr3t value ✓' },
      {
        salt: SALT,
        iv: Uint8Array.from({ length: 16 }, (_, i) => 100 + i),
        timestamp: 1_700_000_000,
      },
    );
    expect(out).toEqual({
      note: 'gAAAAABlU_EAZGVmZ2hpamtsbW5vcHFyc4ntkAaEl9MWCQQSxhb1eaBallo6JbVCOP4o19tydL0ku0n3us9pokfCI2jlMSZazn6r-4FUgXk5HsM4atJwl8E=',
      fedcloud_salt: 'AAECAwQFBgcICQoLDA0ODw==',
    });
  });

  it('decrypts a secret fedcloudclient wrote with a random salt', () => {
    // By hand, once, as secret.py encrypt_data does with the passphrase "pass phrase".
    const stored = {
      password:
        'gAAAAABrEX_Sj6gE1AGibzKz6xm4DF-84k7Qawdb0l1Au6C6OJQ60OSQ_xInDO1X6fg_zw7aWJ49XlK8lgLt6C4BdoGU8S2gDQ==',
      fedcloud_salt: 'C/6NveOlelATuMcMBRyTvw==',
    };
    expect(decryptSecretValues('pass phrase', stored)).toEqual({ password: 'hunter2' });
  });

  it('round-trips with a fresh salt every time, the salt last as fedcloudclient adds it', () => {
    const a = encryptSecretValues('k', { user: 'ann', pass: 'p@ss=word' });
    const b = encryptSecretValues('k', { user: 'ann', pass: 'p@ss=word' });
    expect(Object.keys(a)).toEqual(['user', 'pass', SALT_KEY]);
    expect(a[SALT_KEY]).not.toBe(b[SALT_KEY]);
    expect(Buffer.from(a[SALT_KEY]!, 'base64')).toHaveLength(16);
    expect(decryptSecretValues('k', a)).toEqual({ user: 'ann', pass: 'p@ss=word' });
  });

  it('fails with DECRYPT_FAILED on a wrong key, naming the value', () => {
    const stored = encryptSecretValues('right', { token: 'abc' });
    expect(() => decryptSecretValues('wrong', stored)).toThrow(
      expect.objectContaining({
        code: 'DECRYPT_FAILED',
        message: expect.stringContaining('decryption of token: wrong decryption key') as unknown,
      }),
    );
  });

  it('fails with DECRYPT_FAILED when the secret was not encrypted (no fedcloud_salt)', () => {
    expect(() => decryptSecretValues('k', { a: 'b' })).toThrow(
      expect.objectContaining({ code: 'DECRYPT_FAILED' }),
    );
  });

  it('refuses to encrypt a value that is not text, with a hint to quote it', () => {
    expect(() => encryptSecretValues('k', { port: 8080 })).toThrow(
      expect.objectContaining({
        code: 'USAGE',
        message: expect.stringContaining('port: it is a number') as unknown,
      }),
    );
  });
});
