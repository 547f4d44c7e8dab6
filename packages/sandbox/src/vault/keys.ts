import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { type Db, getMeta, setMeta } from '../store/db.js';

const META_KEY = 'vault.keys';

const storedSchema = z.object({ encryptionKey: z.string(), tokenSalt: z.string() });

export interface VaultKeys {
  /** AES-256 key for every stored secret. */
  encryptionKey: Buffer;
  /** HMAC key under which tokens are stored. */
  tokenSalt: Buffer;
}

/**
 * Generated once per data folder and kept with the sandbox's other secrets (sandbox.db is 0600),
 * so a restart reads back the secrets and tokens of the last run.
 */
export function loadVaultKeys(db: Db): VaultKeys {
  const stored = getMeta(db, META_KEY);
  if (stored) {
    const parsed = storedSchema.parse(JSON.parse(stored));
    return {
      encryptionKey: Buffer.from(parsed.encryptionKey, 'base64'),
      tokenSalt: Buffer.from(parsed.tokenSalt, 'base64'),
    };
  }
  const keys = { encryptionKey: randomBytes(32), tokenSalt: randomBytes(32) };
  setMeta(
    db,
    META_KEY,
    JSON.stringify({
      encryptionKey: keys.encryptionKey.toString('base64'),
      tokenSalt: keys.tokenSalt.toString('base64'),
    }),
  );
  return keys;
}
