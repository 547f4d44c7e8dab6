import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Federation, startFederation } from '@fedcloud/local';
import { subFor } from '@fedcloud/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliSandbox, startCliSandbox } from '../../../test/cli-sandbox.js';

/**
 * `fedcloud image-list` run as users run it (the built CLI, its real entry) against the real hub
 * of the local federation: a VO manager (alice) creates a list, adds a local image, signs it
 * with an endorser certificate made with openssl, verifies it, publishes it and reads it back.
 * The hub trusts the sandbox's CA, so the endorser is issued by that CA; a second, throwaway CA
 * made with openssl issues a stranger the hub and `verify` must refuse.
 */
const VO = 'vo.access.egi.eu';
const ENDORSER_DN = '/DC=org/DC=sandbox/CN=image endorser';

let sb: CliSandbox;
let federation: Federation;
let dir: string;
let caFile: string;
const file = (name: string) => join(dir, name);
/** The openssl CLI makes the PKI and is the oracle: sites verify with it (atrope, vmcatcher). */
const OPENSSL = 'openssl';
const openssl = (args: string[]) =>
  execFileSync(OPENSSL, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });

/** A certificate for `subject` issued by the CA in caCert/caKey, its key mode 0600. */
function issue(name: string, subject: string, caCert: string, caKey: string) {
  openssl(
    ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', subject].concat([
      '-keyout',
      file(`${name}-key.pem`),
      '-out',
      file(`${name}.csr`),
    ]),
  );
  writeFileSync(file('ext'), 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n');
  openssl(
    ['x509', '-req', '-in', file(`${name}.csr`), '-CA', caCert, '-CAkey', caKey]
      .concat(['-CAcreateserial', '-CAserial', file(`${name}.srl`), '-days', '10'])
      .concat(['-extfile', file('ext'), '-out', file(`${name}.pem`)]),
  );
  chmodSync(file(`${name}-key.pem`), 0o600);
}

/** The image: bytes the test knows, its size and SHA-512 worked out here, not by the CLI. */
const IMAGE = Buffer.alloc(3 * 1024 * 1024 + 17);
for (let i = 0; i < IMAGE.length; i++) IMAGE[i] = (i * 31 + (i >> 12)) & 0xff;
const IMAGE_SHA512 = createHash('sha512').update(IMAGE).digest('hex');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'image-list-int-'));
  sb = await startCliSandbox();
  federation = await startFederation(sb.sandbox, {
    hubPort: 0,
    agentIntervalSeconds: 3600,
    accountingIntervalSeconds: 0,
    dashboardDir: false,
  });
  caFile = sb.sandbox.files.caFile!;
  // The sandbox CA's key sits in its data folder: the endorser is one of its certificates.
  issue('endorser', ENDORSER_DN, caFile, join(sb.sandbox.files.dataDir, 'pki', 'ca-key.pem'));
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '10',
      '-subj',
      '/O=elsewhere/CN=Other CA',
    ].concat(['-keyout', file('other-ca-key.pem'), '-out', file('other-ca.pem')]),
  );
  issue('stranger', ENDORSER_DN, file('other-ca.pem'), file('other-ca-key.pem'));
  writeFileSync(file('disk.qcow2'), IMAGE);

  // alice manages the VO on the hub, as a federation admin would have granted.
  const admin = await sb.sandbox.issuer.signAccessTokenForTests({
    sub: sb.sandbox.hubAdminClient.clientId,
  });
  const post = async (path: string, body: unknown, ok: number[]) => {
    const response = await fetch(`${federation.hubUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    if (!ok.includes(response.status)) throw new Error(`${path}: ${await response.text()}`);
  };
  await post('/api/v1/vos', { name: VO }, [201, 409]);
  await post(
    '/api/v1/roles',
    { subject: subFor('alice'), role: 'vo-manager', target: VO },
    [200, 201],
  );
});

afterAll(async () => {
  await federation?.stop();
  await sb?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** alice, with the hub set and no site folder, as a VO manager works. */
const fedcloud = (args: string[], env: Record<string, string | undefined> = {}) =>
  sb.run(['image-list', ...args], {
    FEDCLOUD_HUB: federation.hubUrl,
    FEDCLOUD_SITE_CONFIG_DIR: undefined,
    ...env,
  });

interface Summary {
  identifier: string;
  version: string;
  vo: string;
  endorser: { dn: string; ca: string };
  images: { identifier: string; title: string; size: number; sha512: string; format: string }[];
}

describe('fedcloud image-list, from an empty list to the hub and back', () => {
  let createdVersion: string;
  let imageId: string;

  it('creates an empty list endorsed by the certificate that will sign it', async () => {
    const r = await fedcloud(
      ['create', file('list.json'), '--vo', VO, '--endorser-cert', file('endorser.pem')].concat([
        '--endorser-email',
        'alice@example.org',
        '--title',
        'Sandbox images',
        '--json',
      ]),
    );
    expect(r.code, r.stderr).toBe(0);
    const created = JSON.parse(r.stdout) as { action: string; list: Summary & { uri: string } };
    expect(created.action).toBe('created');
    expect(created.list).toMatchObject({
      vo: VO,
      images: [],
      endorser: { dn: ENDORSER_DN },
      uri: `${federation.hubUrl}/api/v1/vos/${VO}/image-list`,
    });
    createdVersion = created.list.version;
    // A second create does not overwrite the list.
    const again = await fedcloud([
      'create',
      file('list.json'),
      '--vo',
      VO,
      '--endorser-cert',
      file('endorser.pem'),
      '--endorser-email',
      'a@b.org',
    ]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('exists already');
  });

  it('adds a local image with the size and SHA-512 of its bytes, and a new list version', async () => {
    // One second on, so the version (seconds) is certainly a new one.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const r = await fedcloud(
      ['add', file('list.json'), file('disk.qcow2'), '--title', 'Test image'].concat([
        '--uri',
        'https://images.example.org/disk.qcow2',
        '--os-name',
        'Debian',
        '--json',
      ]),
    );
    expect(r.code, r.stderr).toBe(0);
    const added = JSON.parse(r.stdout) as {
      action: string;
      image: Summary['images'][0];
      list: Summary;
    };
    expect(added.action).toBe('added');
    expect(added.image).toMatchObject({
      title: 'Test image',
      format: 'QCOW2',
      size: IMAGE.length,
      sha512: IMAGE_SHA512,
    });
    expect(added.list.version > createdVersion).toBe(true);
    imageId = added.image.identifier;
    const onDisk = JSON.parse(readFileSync(file('list.json'), 'utf8')) as {
      'hv:imagelist': { 'hv:images': { 'hv:image': Record<string, string> }[] };
    };
    expect(onDisk['hv:imagelist']['hv:images'][0]?.['hv:image']).toMatchObject({
      'hv:size': String(IMAGE.length),
      'sl:checksum:sha512': IMAGE_SHA512,
      'sl:osname': 'Debian',
    });
  });

  it('refuses bad input with exit 2 and changes nothing', async () => {
    const before = readFileSync(file('list.json'), 'utf8');
    const noUri = await fedcloud(['add', file('list.json'), file('disk.qcow2'), '--title', 'X']);
    expect(noUri.code).toBe(2);
    expect(noUri.stderr).toContain('--uri is missing');
    const missing = await fedcloud(['remove', file('list.json'), 'no-such-image']);
    expect(missing.code).toBe(2);
    const noTitle = await fedcloud(['add', file('list.json'), file('disk.qcow2')]);
    expect(noTitle.code).toBe(2);
    expect(readFileSync(file('list.json'), 'utf8')).toBe(before);
  });

  it('signs the list clear-signed, as openssl verifies it, and never with a key others may read', async () => {
    const r = await fedcloud(
      ['sign', file('list.json'), '--cert', file('endorser.pem')].concat([
        '--key',
        file('endorser-key.pem'),
        '-o',
        file('list.signed'),
      ]),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toContain('PRIVATE KEY');
    const signed = readFileSync(file('list.signed'), 'utf8');
    expect(signed).toContain('Content-Type: multipart/signed');
    expect(openssl(['smime', '-verify', '-CAfile', caFile, '-in', file('list.signed')])).toContain(
      IMAGE_SHA512,
    );

    chmodSync(file('endorser-key.pem'), 0o644);
    const open = await fedcloud([
      'sign',
      file('list.json'),
      '--cert',
      file('endorser.pem'),
      '--key',
      file('endorser-key.pem'),
    ]);
    chmodSync(file('endorser-key.pem'), 0o600);
    expect(open.code).toBe(2);
    expect(open.stderr).toContain('may be read by others');
    expect(open.stdout).toBe('');

    // The stranger's certificate is not the endorser the list names (another CA).
    const stranger = await fedcloud([
      'sign',
      file('list.json'),
      '--cert',
      file('stranger.pem'),
      '--key',
      file('stranger-key.pem'),
    ]);
    expect(stranger.code).toBe(2);
    expect(stranger.stderr).toContain('sites would not trust');
  });

  it('verifies the signed list: trusted, and a tampered or foreign-CA copy is not (exit 1)', async () => {
    const show = JSON.parse(
      (await fedcloud(['show', file('list.json'), '--json'])).stdout,
    ) as Summary;
    const ok = await fedcloud(
      ['verify', file('list.signed'), '--ca', caFile].concat([
        '--endorser-dn',
        ENDORSER_DN,
        '--endorser-ca',
        show.endorser.ca,
      ]),
    );
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^TRUSTED: /);
    expect(ok.stdout).toContain(`signer: ${ENDORSER_DN}`);

    const tampered = readFileSync(file('list.signed'), 'utf8').replace('Test image', 'Test imagf');
    writeFileSync(file('tampered.signed'), tampered);
    const bad = await fedcloud(['verify', file('tampered.signed'), '--ca', caFile, '--json']);
    expect(bad.code).toBe(1);
    const verdict = JSON.parse(bad.stdout) as {
      trusted: boolean;
      failure: string;
      problems: string[];
    };
    expect(verdict).toMatchObject({ trusted: false, failure: 'SIGNATURE_INVALID' });
    expect(verdict.problems[0]).toContain('changed after signing');

    const foreign = await fedcloud(['verify', file('list.signed'), '--ca', file('other-ca.pem')]);
    expect(foreign.code).toBe(1);
    expect(foreign.stdout).toMatch(/^NOT TRUSTED: /);
    expect(foreign.stdout).toContain('is not trusted');

    const other = await fedcloud([
      'verify',
      file('list.signed'),
      '--ca',
      caFile,
      '--endorser-dn',
      '/CN=someone else',
      '--endorser-ca',
      show.endorser.ca,
    ]);
    expect(other.code).toBe(1);
    expect(other.stdout).toContain('the subscription expects /CN=someone else');
  });

  it('shows the signed list, saying on stderr that it was not verified', async () => {
    const r = await fedcloud(['show', file('list.signed')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('NOT verified');
    expect(r.stdout).toContain(`| Test image | ${imageId} |`);
    expect(r.stdout).toContain('3.0 MiB');
  });

  it("publishes it on the hub with alice's token, and the hub serves the same bytes", async () => {
    const r = await fedcloud(['publish', file('list.signed'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const published = JSON.parse(r.stdout) as {
      url: string;
      vo: string;
      images: number;
      public: boolean;
    };
    expect(published).toMatchObject({ vo: VO, images: 1, public: true });
    expect(published.url).toBe(`${federation.hubUrl}/api/v1/vos/${VO}/image-list`);

    const served = await fetch(published.url, { signal: AbortSignal.timeout(30_000) });
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(readFileSync(file('list.signed')))).toBe(
      true,
    );

    // Read back through the CLI from the hub's URL, as a site subscribes to it.
    const verified = await fedcloud(['verify', published.url, '--ca', caFile]);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    const shown = JSON.parse((await fedcloud(['show', published.url, '--json'])).stdout) as Summary;
    expect(shown.images.map((i) => [i.identifier, i.size, i.sha512])).toEqual([
      [imageId, IMAGE.length, IMAGE_SHA512],
    ]);
  });

  it('is refused by the hub for someone who is not a VO manager, and for an untrusted signer', async () => {
    const carol = await fedcloud(['publish', file('list.signed')], {
      OIDC_ACCESS_TOKEN: await sb.sandbox.tokenFor('carol'),
    });
    expect(carol.code).toBe(3);
    expect(carol.stderr).toContain('vo-manager');

    // A list naming the stranger (issued by the other CA) and signed by it: the hub trusts not its CA.
    const list = JSON.parse(readFileSync(file('list.json'), 'utf8')) as {
      'hv:imagelist': { 'hv:endorser': { 'hv:x509': Record<string, string> } };
    };
    list['hv:imagelist']['hv:endorser']['hv:x509']['hv:ca'] = '/O=elsewhere/CN=Other CA';
    writeFileSync(file('stranger.json'), `${JSON.stringify(list, null, 2)}\n`);
    const signed = await fedcloud([
      'sign',
      file('stranger.json'),
      '--cert',
      file('stranger.pem'),
      '--key',
      file('stranger-key.pem'),
      '--opaque',
      '-o',
      file('stranger.signed'),
    ]);
    expect(signed.code, signed.stderr).toBe(0);
    const refused = await fedcloud(['publish', file('stranger.signed')]);
    expect(refused.code).toBe(10);
    expect(refused.stderr).toContain('not trusted');

    const unsigned = await fedcloud(['publish', file('list.json')]);
    expect(unsigned.code).toBe(2);
    expect(unsigned.stderr).toContain('not a signed list');
  });

  it('removes the image, giving the list a new version', async () => {
    const r = await fedcloud(['remove', file('list.json'), imageId, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { list: Summary }).list.images).toEqual([]);
  });
});
