import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  certificateNames,
  readTrustAnchors,
  trustAnchorsFromPem,
  type TrustAnchors,
} from './index.js';
import { verifySmime } from './verify.js';

// Everything signed here is signed by the real openssl CLI, as ssmsend signs (ssm/crypto.py).
const HOST_DN = '/DC=EU/DC=EGI/C=NL/O=Hosts/CN=accounting.example.org';
const MESSAGE = [
  'APEL-cloud-message: v0.4',
  'SiteName: SITE-A',
  'VMUUID: vm-1',
  '%%',
  'SiteName: SITE-A',
  'VMUUID: vm-2',
  '',
].join('\n');

/** The CLI is the oracle here: ssm signs with it, and the APEL receiver verifies with it. */
const OPENSSL = 'openssl';
let dir: string;
let trust: TrustAnchors;
const file = (name: string) => join(dir, name);
const openssl = (args: string[], input?: string) =>
  execFileSync(OPENSSL, args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });

function makeCa(name: string, subject: string) {
  openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '30',
    '-subj',
    subject,
    '-keyout',
    file(`${name}-key.pem`),
    '-out',
    file(`${name}.pem`),
  ]);
}

function makeHost(name: string, ca: string, subject: string, days = 10) {
  openssl([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    subject,
    '-keyout',
    file(`${name}-key.pem`),
    '-out',
    file(`${name}.csr`),
  ]);
  writeFileSync(
    file('host.ext'),
    'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n',
  );
  openssl([
    'x509',
    '-req',
    '-in',
    file(`${name}.csr`),
    '-CA',
    file(`${ca}.pem`),
    '-CAkey',
    file(`${ca}-key.pem`),
    '-CAcreateserial',
    '-days',
    String(days),
    '-extfile',
    file('host.ext'),
    '-out',
    file(`${name}.pem`),
  ]);
}

/** `openssl smime -sign -inkey hostkey.pem -signer hostcert.pem -text`, as ssm's crypto.sign. */
const sign = (host: string, text: string, extra: string[] = []) =>
  openssl(
    [
      'smime',
      '-sign',
      '-inkey',
      file(`${host}-key.pem`),
      '-signer',
      file(`${host}.pem`),
      '-text',
      ...extra,
    ],
    text,
  );

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'smime-'));
  makeCa('ca', '/C=NL/O=fedcloud test/CN=Test CA');
  makeCa('other-ca', '/C=NL/O=elsewhere/CN=Other CA');
  makeHost('host', 'ca', HOST_DN);
  makeHost('stranger', 'other-ca', '/DC=EU/DC=EGI/C=NL/O=Hosts/CN=accounting.example.org');
  trust = await readTrustAnchors(file('ca.pem'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('verifySmime', () => {
  it('reads a detached (multipart/signed) message as ssmsend signs it: content, signer DN, issuer', async () => {
    const result = await verifySmime(sign('host', MESSAGE), trust);
    expect(result).toMatchObject({
      ok: true,
      form: 'detached',
      content: MESSAGE,
      signerDn: HOST_DN,
      signerIssuerDn: '/C=NL/O=fedcloud test/CN=Test CA',
    });
  });

  it('gives the content openssl smime -verify gives, and the DN openssl -nameopt compat gives', async () => {
    const signed = sign('host', MESSAGE);
    const result = await verifySmime(signed, trust);
    if (!result.ok) throw new Error(result.reason);
    const oracle = openssl(['smime', '-verify', '-CAfile', file('ca.pem')], signed);
    expect(result.content).toBe(
      oracle.replace(/^Content-Type: text\/plain\r?\n\r?\n/, '').replace(/\r\n/g, '\n'),
    );
    const subject = openssl([
      'x509',
      '-noout',
      '-subject',
      '-nameopt',
      'compat',
      '-in',
      file('host.pem'),
    ]);
    expect(`subject=${result.signerDn}\n`).toBe(subject);
    writeFileSync(file('signer.pem'), result.signerCertificatePem);
    expect(openssl(['x509', '-noout', '-fingerprint', '-in', file('signer.pem')])).toBe(
      openssl(['x509', '-noout', '-fingerprint', '-in', file('host.pem')]),
    );
  });

  it('accepts the LF-only text ssmsend hands on (Python universal newlines drop the CRs openssl wrote)', async () => {
    const lfOnly = sign('host', MESSAGE).replace(/\r\n/g, '\n');
    expect(await verifySmime(lfOnly, trust)).toMatchObject({ ok: true, content: MESSAGE });
  });

  it('reads the opaque form (-nodetach, application/x-pkcs7-mime)', async () => {
    const result = await verifySmime(sign('host', MESSAGE, ['-nodetach']), trust);
    expect(result).toMatchObject({ ok: true, form: 'opaque', content: MESSAGE, signerDn: HOST_DN });
  });

  it('reads content signed without -text (no MIME wrapper around the text)', async () => {
    const signed = openssl(
      ['smime', '-sign', '-inkey', file('host-key.pem'), '-signer', file('host.pem')],
      MESSAGE,
    );
    expect(await verifySmime(signed, trust)).toMatchObject({ ok: true, content: MESSAGE });
  });

  it('refuses a changed record as SIGNATURE_INVALID, naming the signer', async () => {
    const tampered = sign('host', MESSAGE).replace('VMUUID: vm-2', 'VMUUID: vm-3');
    expect(await verifySmime(tampered, trust)).toMatchObject({
      ok: false,
      code: 'SIGNATURE_INVALID',
      signerDn: HOST_DN,
      reason: expect.stringContaining('changed after signing') as string,
    });
  });

  it('refuses a tampered opaque message too', async () => {
    const opaque = sign('host', MESSAGE, ['-nodetach']);
    const [head, body] = opaque.split(/\n\n/, 2) as [string, string];
    const der = Buffer.from(body.replace(/\s+/g, ''), 'base64');
    const at = der.indexOf('vm-2');
    der[at + 3] = '9'.charCodeAt(0);
    const tampered = `${head}\n\n${der.toString('base64')}\n`;
    expect(await verifySmime(tampered, trust)).toMatchObject({
      ok: false,
      code: 'SIGNATURE_INVALID',
    });
  });

  it('refuses a good signature by a certificate of another CA, even with that CA in the message', async () => {
    for (const extra of [[], ['-certfile', file('other-ca.pem')]]) {
      const result = await verifySmime(sign('stranger', MESSAGE, extra), trust);
      expect(result).toMatchObject({ ok: false, code: 'SIGNER_UNTRUSTED', signerDn: HOST_DN });
      if (!result.ok) expect(result.reason).toContain('issued by /C=NL/O=elsewhere/CN=Other CA');
    }
  });

  it('refuses a certificate that has expired at the given instant', async () => {
    const later = new Date(Date.now() + 40 * 86_400_000);
    expect(await verifySmime(sign('host', MESSAGE), trust, { now: later })).toMatchObject({
      ok: false,
      code: 'SIGNER_UNTRUSTED',
    });
  });

  it('refuses an encrypted message with what to change in sender.cfg', async () => {
    const encrypted = openssl(
      ['smime', '-encrypt', '-aes128', file('host.pem')],
      sign('host', MESSAGE),
    );
    expect(await verifySmime(encrypted, trust)).toMatchObject({
      ok: false,
      code: 'ENCRYPTED',
      reason: expect.stringContaining('server_cert') as string,
    });
  });

  it('refuses what is not S/MIME, each with its reason', async () => {
    const signed = sign('host', MESSAGE);
    const cases: [string, string][] = [
      [MESSAGE, 'not an S/MIME signed message (unsigned text?)'],
      ['Content-Type: text/plain\n\nhello', 'not an S/MIME signed message'],
      [signed.replace(/boundary="[^"]+"/, 'boundary="nope"'), 'fewer'],
      [signed.replace(/\n\nMII[\s\S]*?\n\n/, '\n\nnot*base64\n\n'), 'not base64'],
      [signed.replace(/\n\nMII[\s\S]*?\n\n/, '\n\nAAAA\n\n'), 'not CMS SignedData'],
    ];
    for (const [text, reason] of cases) {
      const result = await verifySmime(text, trust);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.code).toBe('MALFORMED');
        expect(result.reason).toContain(reason);
      }
    }
  });
});

describe('trust anchors and names', () => {
  it('reads a folder laid out as /etc/grid-security/certificates, each CA once', async () => {
    const caDir = join(dir, 'certificates');
    execFileSync('mkdir', ['-p', caDir]);
    writeFileSync(join(caDir, 'ca.pem'), readFileSync(file('ca.pem')));
    writeFileSync(join(caDir, 'abcd1234.0'), readFileSync(file('ca.pem')));
    writeFileSync(join(caDir, 'other.pem'), readFileSync(file('other-ca.pem')));
    writeFileSync(join(caDir, 'README'), 'not a CA');
    const anchors = await readTrustAnchors(caDir);
    expect(anchors.certificates).toHaveLength(2);
    expect(trustAnchorsFromPem(anchors.pem).certificates).toHaveLength(2);
    expect((await verifySmime(sign('stranger', MESSAGE), anchors)).ok).toBe(true);
  });

  it('refuses a trust file without certificates, or none at all', async () => {
    writeFileSync(file('empty.pem'), 'nothing here\n');
    await expect(readTrustAnchors(file('empty.pem'))).rejects.toMatchObject({
      code: 'SPEC_INVALID',
    });
    await expect(readTrustAnchors(file('missing.pem'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('names a DER certificate as openssl -nameopt compat does', () => {
    const der = Buffer.from(
      readFileSync(file('host.pem'), 'utf8').replace(/-----[^-]+-----|\s+/g, ''),
      'base64',
    );
    expect(certificateNames(der)).toEqual({
      subjectDn: HOST_DN,
      issuerDn: '/C=NL/O=fedcloud test/CN=Test CA',
    });
  });
});
