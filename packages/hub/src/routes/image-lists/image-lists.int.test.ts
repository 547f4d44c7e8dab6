import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addImage,
  type ImageEntry,
  type ImageList,
  newImageList,
  renderImageList,
} from '@fedcloud/sdk/image-list';
import { readSmimeSigner, signSmime, type SmimeSigner } from '@fedcloud/sdk/smime';
import { type EphemeralSandbox, startEphemeralSandbox } from '@fedcloud/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseLocations } from '../../../test/locations.js';
import { type RunningHub, startHub } from '../../server.js';
import { grantRole } from '../../services/roles.js';
import { createSite } from '../../services/sites.js';
import { putSiteVo } from '../../services/site-vos.js';
import { createVo } from '../../services/vos.js';
import { MAX_IMAGE_LIST_BYTES } from './index.js';

// A real hub with the sandbox's issuer: lists signed by our signer and by the openssl CLI.
const VO = 'vo.access.egi.eu'; // alice is a member (sandbox users)
const OTHER_VO = 'fedcloud.egi.eu';
const CA_DN = '/C=NL/O=fedcloud test/CN=Test CA';
const ENDORSER_DN = '/DC=EU/DC=EGI/C=NL/O=Hosts/CN=endorser.example.org';

/** The CLI is the oracle: sites verify with it (atrope, vmcatcher). */
const OPENSSL = 'openssl';
let dir: string;
const file = (name: string) => join(dir, name);
const openssl = (args: string[], input?: string) =>
  execFileSync(OPENSSL, args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });

function makeCa(name: string, subject: string) {
  openssl(
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30', '-subj', subject].concat([
      '-keyout',
      file(`${name}-key.pem`),
      '-out',
      file(`${name}.pem`),
    ]),
  );
}
function issue(name: string, ca: string, subject: string) {
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
    ['x509', '-req', '-in', file(`${name}.csr`), '-CA', file(`${ca}.pem`)]
      .concat(['-CAkey', file(`${ca}-key.pem`), '-CAcreateserial', '-days', '10'])
      .concat(['-extfile', file('ext'), '-out', file(`${name}.pem`)]),
  );
  chmodSync(file(`${name}-key.pem`), 0o600);
}

const image = (id: string): ImageEntry => ({
  'dc:identifier': id,
  'dc:title': `image ${id}`,
  'dc:description': 'a test image',
  'ad:group': 'General group',
  'ad:mpuri': `https://hub.example.org/images/${id}`,
  'ad:user:fullname': 'VO manager',
  'ad:user:guid': 'manager',
  'ad:user:uri': 'https://hub.example.org/users/manager',
  'hv:uri': `https://images.example.org/${id}.qcow2`,
  'hv:format': 'QCOW2',
  'hv:size': '1024',
  'sl:checksum:sha512': 'ab'.repeat(64),
  'hv:hypervisor': 'KVM',
  'hv:version': '1',
  'dc:date:expires': '2499-12-31T00:00:00Z',
  'sl:arch': 'x86_64',
  'sl:os': 'Linux',
  'sl:osname': 'Debian',
  'sl:osversion': '12',
  'sl:comments': '',
});

function list(at: Date, options: { vo?: string; dn?: string; expires?: Date } = {}): ImageList {
  const empty = newImageList({
    title: 'test images',
    vo: options.vo ?? VO,
    uri: 'https://hub.example.org/list',
    endorser: {
      'dc:creator': 'VO manager',
      'hv:ca': CA_DN,
      'hv:dn': options.dn ?? ENDORSER_DN,
      'hv:email': 'manager@example.org',
    },
    expires: options.expires ?? new Date(at.getTime() + 30 * 86_400_000),
    identifier: 'list-1',
    now: new Date(at.getTime() - 1000),
  });
  return addImage(addImage(empty, image('one'), at), image('two'), at);
}

let sb: EphemeralSandbox;
let endorser: SmimeSigner;
let stranger: SmimeSigner;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'image-lists-int-'));
  makeCa('ca', CA_DN);
  makeCa('other-ca', '/C=NL/O=elsewhere/CN=Other CA');
  issue('endorser', 'ca', ENDORSER_DN);
  issue('stranger', 'other-ca', ENDORSER_DN);
  endorser = await readSmimeSigner(file('endorser.pem'), file('endorser-key.pem'));
  stranger = await readSmimeSigner(file('stranger.pem'), file('stranger-key.pem'));
  sb = await startEphemeralSandbox({ sites: 1 });
  const sign = (sub: string, client = false) =>
    sb.issuer.signAccessTokenForTests({
      sub,
      scope: 'openid',
      ...(client ? { client_id: sub } : {}),
    });
  tokens.manager = await sign('manager-v');
  tokens.otherManager = await sign('manager-o');
  tokens.agentA = await sign('agent-a', true);
  tokens.agentB = await sign('agent-b', true);
  tokens.alice = await sb.tokenFor('alice'); // member of VO
  tokens.carol = await sb.tokenFor('carol'); // member of nothing
});
afterAll(async () => {
  await sb?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe.each(databaseLocations().map((d) => [d.name, d] as const))(
  'image lists on a real hub (%s)',
  (_n, where) => {
    let hub: RunningHub;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      const place = await where.create();
      drop = () => place.drop();
      hub = await startHub({
        database: place.location,
        issuerUrl: sb.issuerUrl,
        fetch: sb.fetch,
        port: 0,
        dashboardDir: false,
        trustedCaFile: file('ca.pem'),
      });
      const db = hub.context.database.db;
      const now = new Date();
      for (const name of [VO, OTHER_VO]) await createVo(db, { name }, now);
      for (const name of ['SITE-A', 'SITE-B']) await createSite(db, { name }, now);
      const siteA = await db
        .selectFrom('sites')
        .selectAll()
        .where('name', '=', 'SITE-A')
        .executeTakeFirstOrThrow();
      await putSiteVo(db, siteA, VO, { projectId: 'p-a' }, now);
      for (const [subject, role, target] of [
        ['manager-v', 'vo-manager', VO],
        ['manager-o', 'vo-manager', OTHER_VO],
        ['agent-a', 'site-agent', 'SITE-A'],
        ['agent-b', 'site-agent', 'SITE-B'],
      ] as const) {
        await grantRole(db, { subject, role, target }, 'test', now);
      }
    });
    afterAll(async () => {
      await hub?.stop();
      await drop?.();
    });

    const put = (body: string | Buffer, token = tokens.manager, query = '', vo = VO) =>
      fetch(`${hub.url}/api/v1/vos/${vo}/image-list${query}`, {
        method: 'PUT',
        headers: {
          'content-type': 'text/plain',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: typeof body === 'string' ? body : new Uint8Array(body),
      });
    const get = (path: string, token?: string, headers: Record<string, string> = {}) =>
      fetch(`${hub.url}${path}`, {
        headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
    const error = async (res: Response) =>
      ((await res.json()) as { error: { message: string } }).error.message;

    it('stores a signed list as given and serves the same bytes, its JSON and a summary', async () => {
      const at = new Date();
      const signed = signSmime(renderImageList(list(at)), endorser);
      const res = await put(signed);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        vo: VO,
        identifier: 'list-1',
        images: 2,
        endorser: { dn: ENDORSER_DN, ca: CA_DN },
        public: true,
      });
      const served = await get(`/api/v1/vos/${VO}/image-list`);
      expect(Buffer.from(await served.arrayBuffer()).equals(signed)).toBe(true);
      const etag = served.headers.get('etag')!;
      expect(
        (await get(`/api/v1/vos/${VO}/image-list`, undefined, { 'if-none-match': etag })).status,
      ).toBe(304);
      // What the hub serves, openssl verifies as a site would.
      writeFileSync(file('served.txt'), signed);
      expect(
        openssl(['smime', '-verify', '-CAfile', file('ca.pem'), '-in', file('served.txt')]),
      ).toContain('"list-1"');
      const json = (await (await get(`/api/v1/vos/${VO}/image-list.json`)).json()) as {
        'hv:imagelist': ImageList;
      };
      expect(json['hv:imagelist']['hv:images']).toHaveLength(2);
      const summary = (await (await get('/api/v1/image-lists')).json()) as unknown[];
      expect(summary).toEqual([expect.objectContaining({ vo: VO, images: 2, public: true })]);
    });

    it('takes the opaque form signed by the openssl CLI, as given', async () => {
      writeFileSync(file('list.json'), renderImageList(list(new Date())));
      const signed = openssl([
        'smime',
        '-sign',
        '-nodetach',
        '-signer',
        file('endorser.pem'),
        '-inkey',
        file('endorser-key.pem'),
        '-in',
        file('list.json'),
      ]);
      expect((await put(signed)).status).toBe(200);
      expect(await (await get(`/api/v1/vos/${VO}/image-list`)).text()).toBe(signed);
    });

    it('refuses an older version (409), a list for another VO, expired, tampered, unsigned (400)', async () => {
      const older = signSmime(renderImageList(list(new Date(Date.now() - 86_400_000))), endorser);
      const conflict = await put(older);
      expect(conflict.status).toBe(409);
      expect(await error(conflict)).toContain('newer than');
      const cases: [string | Buffer, string][] = [
        [
          signSmime(renderImageList(list(new Date(), { vo: OTHER_VO })), endorser),
          'not vo.access.egi.eu',
        ],
        [
          signSmime(
            renderImageList(
              list(new Date(Date.now() - 40 * 86_400_000), {
                expires: new Date(Date.now() - 86_400_000),
              }),
            ),
            endorser,
          ),
          'expired',
        ],
        [
          signSmime(renderImageList(list(new Date())), endorser)
            .toString()
            .replace('image one', 'image 0ne'),
          'changed after signing',
        ],
        [renderImageList(list(new Date())), 'unsigned'],
      ];
      for (const [body, reason] of cases) {
        const res = await put(body);
        expect(res.status).toBe(400);
        expect(await error(res)).toContain(reason);
      }
    });

    it('refuses (403) another VO manager, an untrusted CA, a signer the list does not name; 401 anonymous', async () => {
      const good = signSmime(renderImageList(list(new Date())), endorser);
      expect((await put(good, tokens.otherManager)).status).toBe(403);
      expect((await put(good, tokens.alice)).status).toBe(403);
      expect((await put(good, '')).status).toBe(401);
      const untrusted = await put(signSmime(renderImageList(list(new Date())), stranger));
      expect(untrusted.status).toBe(403);
      expect(await error(untrusted)).toContain('not trusted');
      const wrongDn = await put(
        signSmime(renderImageList(list(new Date(), { dn: '/CN=someone else' })), endorser),
      );
      expect(wrongDn.status).toBe(403);
      expect(await error(wrongDn)).toContain('names /CN=someone else');
    });

    it('refuses a body over the limit (413) and a foreign media type (415)', async () => {
      expect((await put(Buffer.alloc(MAX_IMAGE_LIST_BYTES + 1, 0x41))).status).toBe(413);
      const json = await fetch(`${hub.url}/api/v1/vos/${VO}/image-list`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.manager}` },
        body: '{}',
      });
      expect(json.status).toBe(415);
    });

    it('serves a private list to members, managers and agents of supporting sites only', async () => {
      const signed = signSmime(renderImageList(list(new Date())), endorser);
      expect((await put(signed, tokens.manager, '?visibility=private')).status).toBe(200);
      const path = `/api/v1/vos/${VO}/image-list`;
      expect((await get(path)).status).toBe(401);
      expect((await get(`${path}.json`)).status).toBe(401);
      expect((await get(path, tokens.carol)).status).toBe(403);
      expect((await get(path, tokens.agentB)).status).toBe(403);
      for (const token of [tokens.alice, tokens.manager, tokens.agentA]) {
        const res = await get(path, token);
        expect(res.status).toBe(200);
        expect(Buffer.from(await res.arrayBuffer()).equals(signed)).toBe(true);
      }
      expect(await (await get('/api/v1/image-lists')).json()).toEqual([]);
      expect(await (await get('/api/v1/image-lists', tokens.alice)).json()).toEqual([
        expect.objectContaining({ vo: VO, public: false }),
      ]);
      expect((await put(signed, tokens.manager, '?visibility=secret')).status).toBe(400);
      expect((await get(`/api/v1/vos/${OTHER_VO}/image-list`)).status).toBe(404);
    });
  },
);
