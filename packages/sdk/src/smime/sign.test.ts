import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSmimeSigner, readTrustAnchors, signSmime, type TrustAnchors } from './index.js';
import { verifySmime } from './verify.js';

// Certificates made by the openssl CLI; what we sign is checked by `openssl smime -verify`.
const ENDORSER_DN = '/DC=EU/DC=EGI/C=NL/O=Hosts/O=EGI.eu/CN=appdb.example.org';
const CA_DN = '/DC=ORG/DC=SEE-GRID/CN=Test CA 2013';
const LIST = `${JSON.stringify({ 'hv:imagelist': { 'dc:title': 'ünïcode list', n: 1 } }, null, 2)}\n`;

/** The CLI is the oracle: sites verify with it (atrope, vmcatcher). */
const OPENSSL = 'openssl';
let dir: string;
let trust: TrustAnchors;
const file = (name: string) => join(dir, name);
const openssl = (args: string[], input?: string | Buffer) =>
  execFileSync(OPENSSL, args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });

function makeCertificates() {
  openssl(
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30', '-subj', CA_DN].concat([
      '-keyout',
      file('ca-key.pem'),
      '-out',
      file('ca.pem'),
    ]),
  );
  writeFileSync(file('host.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n');
  const issue = (name: string, newkey: string[]) => {
    openssl(
      ['req', '-new', ...newkey, '-nodes', '-subj', ENDORSER_DN].concat([
        '-keyout',
        file(`${name}-key.pem`),
        '-out',
        file(`${name}.csr`),
      ]),
    );
    openssl(
      ['x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.pem')]
        .concat(['-CAkey', file('ca-key.pem'), '-CAcreateserial', '-days', '10'])
        .concat(['-extfile', file('host.ext'), '-out', file(`${name}.pem`)]),
    );
    chmodSync(file(`${name}-key.pem`), 0o600);
  };
  issue('endorser', ['-newkey', 'rsa:2048']);
  issue('ec', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'smime-sign-'));
  makeCertificates();
  trust = await readTrustAnchors(file('ca.pem'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const verifiedByOpenssl = (signed: Buffer) => {
  writeFileSync(file('signed.txt'), signed);
  return execFileSync(
    OPENSSL,
    ['smime', '-verify', '-CAfile', file('ca.pem'), '-in', file('signed.txt')],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
};

describe('signSmime', () => {
  it.each(['detached', 'opaque'] as const)(
    'writes the %s form that openssl smime -verify and verifySmime accept, content unchanged',
    async (form) => {
      const signer = await readSmimeSigner(file('endorser.pem'), file('endorser-key.pem'));
      const signed = signSmime(LIST, signer, { form });
      expect(verifiedByOpenssl(signed).toString('utf8').replace(/\r\n/g, '\n')).toBe(LIST);
      expect(await verifySmime(signed, trust)).toMatchObject({
        ok: true,
        form,
        content: LIST,
        signerDn: ENDORSER_DN,
        signerIssuerDn: CA_DN,
      });
    },
  );

  it('signs with an EC key too (ecdsa-with-SHA256)', async () => {
    const signer = await readSmimeSigner(file('ec.pem'), file('ec-key.pem'));
    for (const form of ['detached', 'opaque'] as const) {
      const signed = signSmime(LIST, signer, { form });
      expect(() => verifiedByOpenssl(signed)).not.toThrow();
      expect((await verifySmime(signed, trust)).ok).toBe(true);
    }
  });

  it("has openssl's headers and layout: micalg sha-256, x-pkcs7-signature, the same attributes", async () => {
    const signer = await readSmimeSigner(file('endorser.pem'), file('endorser-key.pem'));
    const ours = signSmime(LIST, signer).toString('utf8');
    const theirs = openssl(
      ['smime', '-sign', '-signer', file('endorser.pem'), '-inkey', file('endorser-key.pem')],
      LIST,
    );
    const shape = (text: string) =>
      text
        .replace(/-{6}[0-9A-F]{32}/g, '------B')
        .replace(/boundary="----[0-9A-F]{32}"/, 'boundary="B"')
        .replace(/\n\n[A-Za-z0-9+/=\n]+\n\n/, '\n\n<base64>\n\n');
    expect(shape(ours)).toBe(shape(theirs));
    // The CMS structure differs only in the signing time and the signature bytes.
    const structure = (text: string) => {
      writeFileSync(file('p7.txt'), text);
      return openssl(['cms', '-cmsout', '-print', '-in', file('p7.txt')])
        .replace(/signingTime[\s\S]*?UTCTIME:[^\n]+/, 'signingTime <time>')
        .replace(/signature:\s*\n(\s+[0-9a-f]{4} - [^\n]+\n)+/, 'signature: <bytes>\n');
    };
    expect(structure(ours)).toBe(structure(theirs));
  });

  it('refuses tampered content after signing (openssl and verifySmime agree)', async () => {
    const signer = await readSmimeSigner(file('endorser.pem'), file('endorser-key.pem'));
    const tampered = Buffer.from(
      signSmime(LIST, signer).toString('utf8').replace('"n": 1', '"n": 2'),
    );
    expect(() => verifiedByOpenssl(tampered)).toThrow();
    expect(await verifySmime(tampered, trust)).toMatchObject({
      ok: false,
      code: 'SIGNATURE_INVALID',
    });
  });

  it('refuses a key file that others may read, a key of another certificate, an encrypted key', async () => {
    writeFileSync(file('open-key.pem'), readFileSync(file('endorser-key.pem')));
    chmodSync(file('open-key.pem'), 0o644);
    await expect(readSmimeSigner(file('endorser.pem'), file('open-key.pem'))).rejects.toMatchObject(
      { code: 'KEY_FILE_INSECURE', hint: expect.stringContaining('chmod 600') as string },
    );
    await expect(readSmimeSigner(file('endorser.pem'), file('ec-key.pem'))).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('not the private key') as string,
    });
    openssl(
      ['pkey', '-in', file('endorser-key.pem'), '-aes256', '-passout', 'pass:secret'].concat([
        '-out',
        file('enc-key.pem'),
      ]),
    );
    chmodSync(file('enc-key.pem'), 0o600);
    const refused = readSmimeSigner(file('endorser.pem'), file('enc-key.pem'));
    await expect(refused).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('is encrypted') as string,
    });
    // The error never carries the key's text.
    const error = await refused.catch((e: unknown) => e);
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain('PRIVATE KEY');
  });
});
