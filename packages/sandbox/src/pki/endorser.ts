import * as x509 from '@peculiar/x509';
import { webcrypto, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { privateKeyPem, randomSerial, RSA } from './ca.js';

/** The sandbox VO manager's certificate: what signs the VOs' image lists, as AppDB's endorsers. */
export interface SandboxEndorser {
  certFile: string;
  keyFile: string;
}

const SUBJECT = 'CN=fedcloud sandbox VO manager, O=fedcloud sandbox';
const DAY_MS = 86_400_000;
/** Issued for a year; issued again once less than a month is left, or under a new CA. */
const VALID_DAYS = 365;
const RENEW_DAYS = 30;

/**
 * Issues, once per data folder, the endorser's certificate under the sandbox CA (S/MIME signing:
 * digitalSignature, emailProtection), its key mode 0600. Reused while it is valid for another
 * month and issued by the current CA, so the lists it signed stay trusted across restarts.
 */
export async function ensureEndorser(dataDir: string): Promise<SandboxEndorser> {
  const dir = join(dataDir, 'pki');
  const caFile = join(dataDir, 'ca.pem');
  const certFile = join(dir, 'endorser.pem');
  const keyFile = join(dir, 'endorser-key.pem');
  const ca = new X509Certificate(await readFile(caFile, 'utf8'));
  if (!(await stillGood(certFile, keyFile, ca))) {
    const caKey = await webcrypto.subtle.importKey(
      'pkcs8',
      pemBody(await readFile(join(dir, 'ca-key.pem'), 'utf8')),
      RSA,
      false,
      ['sign'],
    );
    const keys = await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify']);
    const issuer = new x509.X509Certificate(ca.raw);
    const now = new Date(Date.now() - 60_000);
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: randomSerial(),
      subject: SUBJECT,
      issuer: issuer.subject,
      notBefore: now,
      notAfter: new Date(now.getTime() + VALID_DAYS * DAY_MS),
      signingKey: caKey,
      publicKey: keys.publicKey,
      signingAlgorithm: RSA,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
          true,
        ),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.emailProtection]),
        await x509.AuthorityKeyIdentifierExtension.create(issuer),
      ],
    });
    await writeFile(keyFile, await privateKeyPem(keys.privateKey), { mode: 0o600 });
    await chmod(keyFile, 0o600);
    await writeFile(certFile, cert.toString('pem'));
  }
  return { certFile, keyFile };
}

async function stillGood(certFile: string, keyFile: string, ca: X509Certificate) {
  if (!existsSync(certFile) || !existsSync(keyFile)) return false;
  const cert = new X509Certificate(await readFile(certFile, 'utf8'));
  return (
    cert.checkIssued(ca) &&
    cert.verify(ca.publicKey) &&
    Date.parse(cert.validTo) - Date.now() > RENEW_DAYS * DAY_MS
  );
}

function pemBody(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}
