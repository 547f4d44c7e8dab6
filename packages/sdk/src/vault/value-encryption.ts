import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { FedcloudError } from '../errors.js';
import { InvalidFernetToken, fernetDecrypt, fernetEncrypt } from './fernet.js';

/**
 * `fedcloud secret put -e KEY` / `get -d KEY`, as fedcloudclient 1.4.4 does them (secret.py
 * generate_derived_key, encrypt_data, decrypt_data), so that either client reads what the
 * other wrote:
 * - the Fernet key is PBKDF2-HMAC-SHA256(passphrase, salt, 390000 iterations, 32 bytes);
 *   fedcloudclient hands it to Fernet in standard base64, which Fernet's url-safe decoder
 *   reads as the same 32 bytes;
 * - every value is replaced by the Fernet token of its UTF-8 text (a string);
 * - the 16-byte random salt is stored beside them under `fedcloud_salt`, in standard base64
 *   (fedcloudclient's bytes become that string when serialised).
 */
export const SALT_KEY = 'fedcloud_salt';
const ITERATIONS = 390_000;

export function deriveFernetKey(passphrase: string, salt: Uint8Array): Buffer {
  return pbkdf2Sync(Buffer.from(passphrase, 'utf8'), salt, ITERATIONS, 32, 'sha256');
}

export interface EncryptOptions {
  /** For tests: a fixed salt, IV and time instead of random ones and now. */
  salt?: Uint8Array;
  iv?: Uint8Array;
  timestamp?: number;
}

/**
 * The secret with each value encrypted and the salt added. Values must be text: fedcloudclient
 * fails on anything else, and a number turned into text would not decrypt back to a number.
 */
export function encryptSecretValues(
  passphrase: string,
  secret: Record<string, unknown>,
  options: EncryptOptions = {},
): Record<string, string> {
  const salt = Buffer.from(options.salt ?? randomBytes(16));
  const key = deriveFernetKey(passphrase, salt);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(secret)) {
    if (typeof value !== 'string') {
      throw new FedcloudError(
        'USAGE',
        `Cannot encrypt the value of ${name}: it is ${describeType(value)}, and only text values can be encrypted`,
        { hint: `Quote it in the file (${name}: "…") to store it as text.` },
      );
    }
    out[name] = fernetEncrypt(key, value, {
      ...(options.iv ? { iv: options.iv } : {}),
      ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
    });
  }
  out[SALT_KEY] = salt.toString('base64');
  return out;
}

/** The secret with every value decrypted and `fedcloud_salt` removed. */
export function decryptSecretValues(
  passphrase: string,
  secret: Record<string, unknown>,
): Record<string, string> {
  const { [SALT_KEY]: encodedSalt, ...values } = secret;
  if (typeof encodedSalt !== 'string') {
    throw new FedcloudError(
      'DECRYPT_FAILED',
      `Error during decryption: the secret has no ${SALT_KEY}, so it was not encrypted with -e`,
      { hint: 'Read it without -d/--decrypt-key.' },
    );
  }
  const key = deriveFernetKey(passphrase, Buffer.from(encodedSalt, 'base64'));
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    try {
      if (typeof value !== 'string') throw new InvalidFernetToken('not text');
      out[name] = fernetDecrypt(key, value).toString('utf8');
    } catch (error) {
      if (!(error instanceof InvalidFernetToken)) throw error;
      throw new FedcloudError(
        'DECRYPT_FAILED',
        `Error during decryption of ${name}: wrong decryption key, or the value was not encrypted with it`,
        { hint: 'Give the passphrase used with `fedcloud secret put -e`.' },
      );
    }
  }
  return out;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}
