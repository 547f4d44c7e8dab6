import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// N=2^12 rather than the usual 2^14: every start re-seeds up to 300 sites, and this is a test
// double whose admin passwords are derived from a local secret anyway. Still never stored in clear.
const PARAMS = { N: 4096, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

/** `scrypt$N$r$p$<salt>$<hash>` (base64url), so a later change of parameters stays verifiable. */
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, KEY_LENGTH, PARAMS);
  return [
    'scrypt',
    PARAMS.N,
    PARAMS.r,
    PARAMS.p,
    salt.toString('base64url'),
    hash.toString('base64url'),
  ].join('$');
}

export function verifyPasswordSync(password: string, stored: string): boolean {
  const parsed = parse(stored);
  if (!parsed) return false;
  return timingSafeEqual(
    scryptSync(password, parsed.salt, parsed.hash.length, parsed.options),
    parsed.hash,
  );
}

/** The request path uses the asynchronous scrypt so that a login does not stall the event loop. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const derived = await new Promise<Buffer>((resolve, reject) => {
    scrypt(password, parsed.salt, parsed.hash.length, parsed.options, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
  return timingSafeEqual(derived, parsed.hash);
}

function parse(stored: string): { salt: Buffer; hash: Buffer; options: ScryptOptions } | undefined {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return undefined;
  return {
    salt: Buffer.from(salt, 'base64url'),
    hash: Buffer.from(hash, 'base64url'),
    options: { N: Number(n), r: Number(r), p: Number(p) },
  };
}
