import * as x509 from '@peculiar/x509';
import { execFile } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

// Node's webcrypto and the DOM's Crypto type differ only in typings.
x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export const RSA: RsaHashedKeyGenParams = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};

export interface SandboxPki {
  /** PEM of the CA certificate: what clients trust (`--os-cacert`, `OS_CACERT`, undici `ca`). */
  caPem: string;
  caFile: string;
  /** IGTF-style trust directory (`<hash>.0` links), for clients that take a CA directory. */
  caDir: string;
  serverCertPem: string;
  serverKeyPem: string;
}

/**
 * Creates, once per data folder, a CA and one server certificate for the loopback addresses; later
 * starts reuse them so clients keep trusting the same CA. Private keys are written with mode 0600.
 */
export async function ensurePki(dataDir: string, hosts: string[]): Promise<SandboxPki> {
  const dir = join(dataDir, 'pki');
  const files = {
    ca: join(dataDir, 'ca.pem'),
    caKey: join(dir, 'ca-key.pem'),
    cert: join(dir, 'server.pem'),
    key: join(dir, 'server-key.pem'),
    hosts: join(dir, 'hosts'),
  };
  const caDir = join(dataDir, 'certificates');
  const wanted = [...hosts].sort().join(',');
  const have = existsSync(files.hosts) ? (await readFile(files.hosts, 'utf8')).trim() : '';
  if (!existsSync(files.ca) || !existsSync(files.key) || have !== wanted) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const { caPem, caKeyPem, certPem, keyPem } = await generate(hosts);
    await writeFile(files.ca, caPem);
    await writeSecret(files.caKey, caKeyPem);
    await writeFile(files.cert, certPem);
    await writeSecret(files.key, keyPem);
    await writeFile(files.hosts, `${wanted}\n`);
    await writeTrustDir(caDir, files.ca);
  }
  // Keys written by an older sandbox may sit in a wider folder or file: tighten them.
  await chmod(dir, 0o700);
  for (const key of [files.caKey, files.key]) await chmod(key, 0o600);
  return {
    caPem: await readFile(files.ca, 'utf8'),
    caFile: files.ca,
    caDir,
    serverCertPem: await readFile(files.cert, 'utf8'),
    serverKeyPem: await readFile(files.key, 'utf8'),
  };
}

async function writeSecret(file: string, content: string): Promise<void> {
  await writeFile(file, content, { mode: 0o600 });
  await chmod(file, 0o600);
}

async function generate(hosts: string[]) {
  const now = new Date(Date.now() - 60_000);
  const caKeys = await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: 'CN=fedcloud sandbox CA, O=fedcloud sandbox',
    notBefore: now,
    notAfter: new Date(now.getTime() + 10 * 365 * 86_400_000),
    keys: caKeys,
    signingAlgorithm: RSA,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const keys = await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: 'CN=127.0.0.1, O=fedcloud sandbox',
    issuer: ca.subject,
    notBefore: now,
    notAfter: new Date(now.getTime() + 2 * 365 * 86_400_000),
    signingKey: caKeys.privateKey,
    publicKey: keys.publicKey,
    signingAlgorithm: RSA,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(
        hosts.map((host): x509.JsonGeneralName =>
          /^[\d.]+$|:/.test(host) ? { type: 'ip', value: host } : { type: 'dns', value: host },
        ),
      ),
      await x509.AuthorityKeyIdentifierExtension.create(ca),
    ],
  });
  return {
    caPem: ca.toString('pem'),
    caKeyPem: await privateKeyPem(caKeys.privateKey),
    certPem: cert.toString('pem'),
    keyPem: await privateKeyPem(keys.privateKey),
  };
}

export async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----\n`;
}

export function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = bytes[0]! & 0x7f; // a positive INTEGER
  return Buffer.from(bytes).toString('hex');
}

/**
 * Grid clients (and python-requests with a CA path) look CAs up by OpenSSL subject hash, as in
 * /etc/grid-security/certificates. Only OpenSSL knows that hash's canonical form, so ask it; where
 * it is missing the directory holds the PEM alone, which file-based clients still accept.
 */
async function writeTrustDir(caDir: string, caFile: string): Promise<void> {
  await rm(caDir, { recursive: true, force: true });
  await mkdir(caDir, { recursive: true });
  const pemName = 'fedcloud-sandbox-ca.pem';
  await writeFile(join(caDir, pemName), await readFile(caFile));
  try {
    const { stdout } = await promisify(execFile)('openssl', [
      'x509',
      '-hash',
      '-noout',
      '-in',
      caFile,
    ]);
    await symlink(pemName, join(caDir, `${stdout.trim()}.0`));
  } catch {
    // No openssl: the PEM file in the folder is still usable as a CA file.
  }
}
