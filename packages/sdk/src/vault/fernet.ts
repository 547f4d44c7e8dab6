import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/**
 * Fernet tokens (https://github.com/fernet/spec/blob/master/Spec.md), what Python's
 * `cryptography.fernet.Fernet` writes and fedcloudclient stores for `secret put -e`:
 *
 *   base64url( 0x80 ‖ timestamp (u64 BE, s) ‖ IV (16) ‖ AES-128-CBC-PKCS7(plaintext) ‖ HMAC )
 *
 * where HMAC is HMAC-SHA256 over everything before it. The 32-byte key splits into a signing
 * key (first 16 bytes) and an encryption key (last 16). No maintained npm package implements
 * it, and node:crypto has every primitive.
 */

const VERSION = 0x80;
const HEADER = 1 + 8 + 16;
const MAC_LENGTH = 32;
const BLOCK = 16;
/** The spec's clock skew allowed for tokens from the future, when a TTL is checked. */
const MAX_CLOCK_SKEW_SECONDS = 60;

/** Why a token did not decrypt; cryptography raises one `InvalidToken` for all of them. */
export class InvalidFernetToken extends Error {
  override readonly name = 'InvalidFernetToken';
}

export interface FernetParts {
  /** Seconds since the epoch written in the token (default: now). */
  timestamp?: number;
  /** The 16-byte IV (default: random). */
  iv?: Uint8Array;
}

/** The two halves of a 32-byte key, given as bytes or in (url-safe or standard) base64. */
function splitKey(key: Uint8Array | string): { signing: Buffer; encryption: Buffer } {
  const bytes = typeof key === 'string' ? decodeBase64(key) : Buffer.from(key);
  if (bytes?.length !== 32) throw new RangeError('A Fernet key is 32 bytes');
  return { signing: bytes.subarray(0, 16), encryption: bytes.subarray(16) };
}

/**
 * Python's `base64.urlsafe_b64decode`: `-_` or `+/`, padding required as written, any other
 * character dropped (binascii's non-strict mode). Undefined when the length cannot be base64.
 */
function decodeBase64(text: string): Buffer | undefined {
  const cleaned = text.replace(/[^A-Za-z0-9\-_+/=]/g, '');
  const body = cleaned.replace(/=+$/, '');
  if (body.includes('=') || body.length % 4 === 1) return undefined;
  if (cleaned.length % 4 !== 0) return undefined;
  return Buffer.from(body.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

export function fernetEncrypt(
  key: Uint8Array | string,
  plaintext: Uint8Array | string,
  parts: FernetParts = {},
): string {
  const { signing, encryption } = splitKey(key);
  const iv = Buffer.from(parts.iv ?? randomBytes(16));
  if (iv.length !== 16) throw new RangeError('A Fernet IV is 16 bytes');
  const timestamp = parts.timestamp ?? Math.floor(Date.now() / 1000);
  const header = Buffer.alloc(HEADER);
  header[0] = VERSION;
  header.writeBigUInt64BE(BigInt(timestamp), 1);
  iv.copy(header, 9);
  const cipher = createCipheriv('aes-128-cbc', encryption, iv);
  const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  const body = Buffer.concat([header, cipher.update(data), cipher.final()]);
  const mac = createHmac('sha256', signing).update(body).digest();
  // Python's urlsafe_b64encode keeps the '=' padding; fedcloudclient stores it so.
  return Buffer.concat([body, mac]).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

export interface FernetDecryptOptions {
  /** Refuse tokens older than this many seconds (fedcloudclient sets none). */
  ttlSeconds?: number;
  /** Current time in seconds, for tests. */
  now?: number;
}

/** The plaintext bytes; InvalidFernetToken for a wrong key or a damaged token. */
export function fernetDecrypt(
  key: Uint8Array | string,
  token: string,
  options: FernetDecryptOptions = {},
): Buffer {
  const { signing, encryption } = splitKey(key);
  const data = decodeBase64(token);
  if (!data || data.length < HEADER + MAC_LENGTH || data[0] !== VERSION) {
    throw new InvalidFernetToken('not a Fernet token');
  }
  const timestamp = Number(data.readBigUInt64BE(1));
  if (options.ttlSeconds !== undefined) {
    const now = options.now ?? Math.floor(Date.now() / 1000);
    if (timestamp + options.ttlSeconds < now) throw new InvalidFernetToken('expired');
    if (now + MAX_CLOCK_SKEW_SECONDS < timestamp) throw new InvalidFernetToken('from the future');
  }
  const body = data.subarray(0, data.length - MAC_LENGTH);
  const mac = data.subarray(data.length - MAC_LENGTH);
  const expected = createHmac('sha256', signing).update(body).digest();
  if (!timingSafeEqual(mac, expected)) throw new InvalidFernetToken('signature mismatch');
  const ciphertext = body.subarray(HEADER);
  if (ciphertext.length === 0 || ciphertext.length % BLOCK !== 0) {
    throw new InvalidFernetToken('ciphertext is not whole blocks');
  }
  try {
    const decipher = createDecipheriv('aes-128-cbc', encryption, body.subarray(9, HEADER));
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new InvalidFernetToken('bad padding');
  }
}
