import { X509Certificate, createHash, generateKeyPairSync } from 'node:crypto';

export interface KeypairRecord {
  name: string;
  userId: string;
  publicKey: string;
  fingerprint: string;
  type: 'ssh' | 'x509';
  createdAt: string;
}

/** A length-prefixed field of the SSH wire format (RFC 4251 §5). */
function sshString(data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, data]);
}

/** An RFC 4251 mpint: big-endian, with a leading zero byte when the top bit is set. */
function mpint(unsigned: Buffer): Buffer {
  let bytes = unsigned;
  while (bytes.length > 1 && bytes[0] === 0) bytes = bytes.subarray(1);
  if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return sshString(bytes);
}

/** The OpenSSH `ssh-rsa` public key blob (RFC 4253 §6.6) from a JWK's n and e. */
function rsaBlob(n: string, e: string): Buffer {
  return Buffer.concat([
    sshString(Buffer.from('ssh-rsa')),
    mpint(Buffer.from(e, 'base64url')),
    mpint(Buffer.from(n, 'base64url')),
  ]);
}

/** MD5 of the key blob as colon-separated hex: what nova.crypto.generate_fingerprint returns. */
function md5Fingerprint(blob: Buffer): string {
  return colonHex(createHash('md5').update(blob).digest());
}

function colonHex(digest: Buffer): string {
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

export interface GeneratedKeypair {
  publicKey: string;
  privateKey: string;
  fingerprint: string;
}

/**
 * What Nova does when no public key is given (removed in 2.92): a 2048-bit RSA key, the private
 * half as a traditional PKCS#1 PEM that every ssh client reads, the public half in OpenSSH format
 * with the comment "Generated-by-Nova".
 */
export function generateKeypair(): GeneratedKeypair {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  const blob = rsaBlob(jwk.n ?? '', jwk.e ?? '');
  return {
    publicKey: `ssh-rsa ${blob.toString('base64')} Generated-by-Nova`,
    privateKey: privateKey.export({ format: 'pem', type: 'pkcs1' }).toString(),
    fingerprint: md5Fingerprint(blob),
  };
}

const SSH_TYPES = new Set([
  'ssh-rsa',
  'ssh-dss',
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
]);

/**
 * Fingerprint of an imported OpenSSH public key, or undefined when it is not one (Nova then says
 * "Keypair data is invalid: failed to generate fingerprint"). The blob must decode and name the
 * same key type as the text in front of it.
 */
export function sshFingerprint(publicKey: string): string | undefined {
  const [type, data] = publicKey.trim().split(/\s+/);
  if (!type || !data || !SSH_TYPES.has(type) || !/^[A-Za-z0-9+/]+={0,2}$/.test(data))
    return undefined;
  const blob = Buffer.from(data, 'base64');
  if (blob.length < 4) return undefined;
  const length = blob.readUInt32BE(0);
  if (blob.subarray(4, 4 + length).toString() !== type) return undefined;
  return md5Fingerprint(blob);
}

/** x509 keypairs (2.2+) are PEM certificates fingerprinted by SHA-1 of the DER, as Nova does. */
export function x509Fingerprint(pem: string): string | undefined {
  try {
    return colonHex(createHash('sha1').update(new X509Certificate(pem).raw).digest());
  } catch {
    return undefined;
  }
}
