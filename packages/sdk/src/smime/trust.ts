import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as pkijs from 'pkijs';
import { FedcloudError } from '../errors.js';
import { openSslOneLine } from './dn.js';

/** The CAs a receiver trusts: parsed for CMS verification, and as PEM for a TLS server's `ca`. */
export interface TrustAnchors {
  certificates: readonly pkijs.Certificate[];
  pem: string;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+?)-----END CERTIFICATE-----/g;

/** Every certificate of a PEM bundle; anything else in the text (keys, comments) is skipped. */
export function trustAnchorsFromPem(pem: string): TrustAnchors {
  const certificates: pkijs.Certificate[] = [];
  const blocks: string[] = [];
  for (const match of pem.matchAll(PEM_BLOCK)) {
    const der = Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64');
    certificates.push(pkijs.Certificate.fromBER(der));
    blocks.push(`${match[0]}\n`);
  }
  return { certificates, pem: blocks.join('') };
}

/**
 * The CAs of a PEM file, or of every `*.pem` and `*.0`…`*.9` file in a folder laid out as
 * /etc/grid-security/certificates (IGTF), where the hash links name the same CA twice.
 * @throws FedcloudError NOT_FOUND (no such file), SPEC_INVALID (no certificate in it)
 */
export async function readTrustAnchors(path: string): Promise<TrustAnchors> {
  let files: string[];
  try {
    files = (await stat(path)).isDirectory()
      ? (await readdir(path)).filter((f) => /\.(pem|\d)$/.test(f)).map((f) => join(path, f))
      : [path];
  } catch (cause) {
    throw new FedcloudError('NOT_FOUND', `cannot read the trusted CAs at ${path}`, { cause });
  }
  const seen = new Set<string>();
  const texts: string[] = [];
  for (const file of files.sort()) {
    const text = await readFile(file, 'utf8');
    if (seen.has(text)) continue;
    seen.add(text);
    texts.push(text);
  }
  const anchors = trustAnchorsFromPem(texts.join('\n'));
  if (anchors.certificates.length === 0) {
    throw new FedcloudError('SPEC_INVALID', `${path} holds no PEM certificate`);
  }
  return anchors;
}

/** Subject and issuer of a DER certificate (a TLS peer's), in OpenSSL's one-line form. */
export function certificateNames(der: Uint8Array): { subjectDn: string; issuerDn: string } {
  const certificate = pkijs.Certificate.fromBER(new Uint8Array(der));
  return {
    subjectDn: openSslOneLine(certificate.subject),
    issuerDn: openSslOneLine(certificate.issuer),
  };
}
