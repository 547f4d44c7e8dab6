import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

// The sandbox's local accounts (each site's admin and fedcloud-agent) have passwords it generates
// itself: 24 base64url characters of an HMAC, 144 random bits. Key stretching protects guessable
// passwords; against 2^144 candidates it buys nothing, and at 300 sites its cost (≈12 ms of CPU an
// account, twice a site, on every fresh start) was most of the federation's start-up. So these
// are stored as a salted SHA-256, still never in clear. Hashes of older data folders (scrypt)
// stay verifiable, and are replaced by the cheap form the next time the site is seeded.
const GENERATED_SCHEME = 'sha256';
const LEGACY_SCHEME = 'scrypt';

/** `sha256$<salt>$<hash>` (base64url) of a password the sandbox generated. */
export function hashGeneratedPassword(password: string): string {
  const salt = randomBytes(16);
  return [
    GENERATED_SCHEME,
    salt.toString('base64url'),
    sha256(salt, password).toString('base64url'),
  ].join('$');
}

/** True when the stored hash is of the cheap form and matches: the seed keeps it as it is. */
export function isCurrentHashOf(password: string, stored: string): boolean {
  const parsed = parse(stored);
  return parsed?.scheme === GENERATED_SCHEME && same(sha256(parsed.salt, password), parsed.hash);
}

/** A login's check; the request path uses the asynchronous scrypt so it never stalls the loop. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  if (parsed.scheme === GENERATED_SCHEME) return same(sha256(parsed.salt, password), parsed.hash);
  const { N, r, p } = parsed;
  const derived = await new Promise<Buffer>((resolve, reject) => {
    scrypt(password, parsed.salt, parsed.hash.length, { N, r, p }, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
  return same(derived, parsed.hash);
}

function same(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function sha256(salt: Buffer, password: string): Buffer {
  return createHash('sha256').update(salt).update(password, 'utf8').digest();
}

type Parsed =
  | { scheme: typeof GENERATED_SCHEME; salt: Buffer; hash: Buffer }
  | { scheme: typeof LEGACY_SCHEME; salt: Buffer; hash: Buffer; N: number; r: number; p: number };

function parse(stored: string): Parsed | undefined {
  const parts = stored.split('$');
  if (parts[0] === GENERATED_SCHEME && parts.length === 3 && parts[1] && parts[2]) {
    return { scheme: GENERATED_SCHEME, salt: decode(parts[1]), hash: decode(parts[2]) };
  }
  const [scheme, n, r, p, salt, hash] = parts;
  if (scheme !== LEGACY_SCHEME || parts.length !== 6 || !salt || !hash) return undefined;
  const [N, R, P] = [Number(n), Number(r), Number(p)];
  if (![N, R, P].every((v) => Number.isInteger(v) && v > 0)) return undefined;
  return { scheme: LEGACY_SCHEME, salt: decode(salt), hash: decode(hash), N, r: R, p: P };
}

function decode(text: string): Buffer {
  return Buffer.from(text, 'base64url');
}
