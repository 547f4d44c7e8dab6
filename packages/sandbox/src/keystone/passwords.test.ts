import { createHash, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashGeneratedPassword, isCurrentHashOf, verifyPassword } from './passwords.js';

const salt = Buffer.from('0123456789abcdef');
const b64 = (buffer: Buffer) => buffer.toString('base64url');

describe('seeded account passwords', () => {
  it('stores a salted SHA-256, never the password, and verifies only the right one', async () => {
    const stored = hashGeneratedPassword('Xq3-generated-password_1');
    const [scheme, saltText, hash] = stored.split('$');
    expect(scheme).toBe('sha256');
    expect(stored).not.toContain('Xq3-generated-password_1');
    const expected = createHash('sha256')
      .update(Buffer.from(saltText!, 'base64url'))
      .update('Xq3-generated-password_1')
      .digest();
    expect(hash).toBe(b64(expected));
    expect(await verifyPassword('Xq3-generated-password_1', stored)).toBe(true);
    expect(await verifyPassword('Xq3-generated-password_2', stored)).toBe(false);
    expect(isCurrentHashOf('Xq3-generated-password_1', stored)).toBe(true);
    expect(isCurrentHashOf('other', stored)).toBe(false);
  });

  it('two hashes of one password differ by their salt', () => {
    expect(hashGeneratedPassword('same')).not.toBe(hashGeneratedPassword('same'));
  });

  it('an older data folder’s scrypt hash still logs in, but is not current (the seed replaces it)', async () => {
    const key = scryptSync('old-password', salt, 32, { N: 4096, r: 8, p: 1 });
    const legacy = `scrypt$4096$8$1$${b64(salt)}$${b64(key)}`;
    expect(await verifyPassword('old-password', legacy)).toBe(true);
    expect(await verifyPassword('wrong', legacy)).toBe(false);
    expect(isCurrentHashOf('old-password', legacy)).toBe(false);
  });

  it('a malformed stored value never verifies', async () => {
    for (const stored of [
      '',
      'sha256$',
      'sha256$a',
      'sha256$YQ$YQ',
      'scrypt$x$8$1$a$b',
      'bcrypt$2b$…',
      'plain',
    ]) {
      expect(await verifyPassword('plain', stored)).toBe(false);
      expect(isCurrentHashOf('plain', stored)).toBe(false);
    }
  });
});
