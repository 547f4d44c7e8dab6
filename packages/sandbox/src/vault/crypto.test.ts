import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aesGcmBox, randomBase62, tokenHash } from './crypto.js';

describe('the Vault crypto', () => {
  const box = aesGcmBox(randomBytes(32));

  it('seals a value that only opens in its own place', () => {
    const sealed = box.seal('{"password":"hunter2"}', 'kv:secrets\u0000a');
    expect(sealed.includes(Buffer.from('hunter2'))).toBe(false);
    // 12-byte nonce + 22 bytes of ciphertext + 16-byte tag.
    expect(sealed.length).toBe(12 + 22 + 16);
    expect(box.open(sealed, 'kv:secrets\u0000a')).toBe('{"password":"hunter2"}');
    expect(() => box.open(sealed, 'kv:secrets\u0000b')).toThrow();
    const tampered = Buffer.from(sealed);
    tampered[15] = tampered[15]! ^ 1;
    expect(() => box.open(tampered, 'kv:secrets\u0000a')).toThrow();
  });

  it('seals the same value differently each time', () => {
    expect(box.seal('x', 'c').equals(box.seal('x', 'c'))).toBe(false);
  });

  it('refuses a key that is not 256 bits', () => {
    expect(() => aesGcmBox(randomBytes(16))).toThrow(/32-byte key/);
  });

  it('hashes tokens with the salt, and draws base62', () => {
    const salt = Buffer.alloc(32, 1);
    expect(tokenHash(salt, 'hvs.x')).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenHash(salt, 'hvs.x')).not.toBe(tokenHash(Buffer.alloc(32, 2), 'hvs.x'));
    expect(randomBase62(24)).toMatch(/^[A-Za-z0-9]{24}$/);
  });
});
