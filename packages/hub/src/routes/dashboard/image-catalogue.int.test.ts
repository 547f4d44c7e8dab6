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
import type { VoImageCatalogue } from '../../api-types.js';
import { type RunningHub, startHub } from '../../server.js';
import { grantRole } from '../../services/roles.js';
import { putSiteVo } from '../../services/site-vos.js';
import { createSite } from '../../services/sites.js';
import { createVo } from '../../services/vos.js';
import { buildGlueDocument, publishDocument } from '../../testing/index.js';

// A real hub with the sandbox's issuer; the list signed by an endorser of a CA the hub trusts.
const VO = 'vo.access.egi.eu'; // alice is a member (sandbox users), carol is not
const CA_DN = '/C=NL/O=fedcloud test/CN=Test CA';
const ENDORSER_DN = '/DC=EU/DC=EGI/C=NL/O=Hosts/CN=endorser.example.org';
const SHA = 'cd'.repeat(64);

let dir: string;
const file = (name: string) => join(dir, name);
const openssl = (args: string[]) =>
  execFileSync('openssl', args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });

function makePki() {
  openssl(
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30', '-subj', CA_DN].concat([
      '-keyout',
      file('ca-key.pem'),
      '-out',
      file('ca.pem'),
    ]),
  );
  openssl(
    ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', ENDORSER_DN].concat([
      '-keyout',
      file('endorser-key.pem'),
      '-out',
      file('endorser.csr'),
    ]),
  );
  writeFileSync(file('ext'), 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n');
  openssl(
    ['x509', '-req', '-in', file('endorser.csr'), '-CA', file('ca.pem')]
      .concat(['-CAkey', file('ca-key.pem'), '-CAcreateserial', '-days', '10'])
      .concat(['-extfile', file('ext'), '-out', file('endorser.pem')]),
  );
  chmodSync(file('endorser-key.pem'), 0o600);
}

const image = (id: string, version: string): ImageEntry => ({
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
  'hv:size': '2048',
  'sl:checksum:sha512': SHA,
  'hv:hypervisor': 'KVM',
  'hv:version': version,
  'dc:date:expires': '2499-12-31T00:00:00Z',
  'sl:arch': 'x86_64',
  'sl:os': 'Linux',
  'sl:osname': 'Debian',
  'sl:osversion': '12',
  'sl:comments': '',
});

function list(at: Date): ImageList {
  const empty = newImageList({
    title: 'test images',
    vo: VO,
    uri: 'https://hub.example.org/list',
    endorser: {
      'dc:creator': 'VO manager',
      'hv:ca': CA_DN,
      'hv:dn': ENDORSER_DN,
      'hv:email': 'manager@example.org',
    },
    expires: new Date(at.getTime() + 30 * 86_400_000),
    identifier: 'list-1',
    now: new Date(at.getTime() - 1000),
  });
  return addImage(addImage(empty, image('one', '2'), at), image('two', '1'), at);
}

/**
 * A site's document whose images carry what image sync leaves in their OtherInfo (the list
 * entry's attributes): `synced` maps a GLUE image id to [dc:identifier, hv:version].
 */
function siteDocument(site: string, now: Date, synced: Record<string, [string, string]>) {
  const ids = ['img-1', 'img-2', 'img-3'];
  const document = buildGlueDocument({
    site,
    endpointUrl: `https://${site.toLowerCase()}.example.org:5000/v3`,
    creationTime: now,
    vos: [{ name: VO, projectId: `p-${site}` }],
    images: ids.map((id) => ({ id, name: `${site} ${id}` })),
  });
  for (const entity of document.CloudComputingImage as { ID: string; OtherInfo?: object }[]) {
    const entry = synced[entity.ID];
    if (entry) {
      entity.OtherInfo = {
        ...entity.OtherInfo,
        'dc:identifier': entry[0],
        'hv:version': entry[1],
      };
    }
  }
  return document;
}

let sb: EphemeralSandbox;
let endorser: SmimeSigner;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'image-catalogue-int-'));
  makePki();
  endorser = await readSmimeSigner(file('endorser.pem'), file('endorser-key.pem'));
  sb = await startEphemeralSandbox({ sites: 1 });
  tokens.manager = await sb.issuer.signAccessTokenForTests({ sub: 'manager-v', scope: 'openid' });
  tokens.alice = await sb.tokenFor('alice');
  tokens.carol = await sb.tokenFor('carol');
});
afterAll(async () => {
  await sb?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe.each(databaseLocations().map((d) => [d.name, d] as const))(
  "a VO's image catalogue on a real hub (%s)",
  (_n, where) => {
    let hub: RunningHub;
    let drop: () => Promise<void>;
    const published: Record<string, string> = {};
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
      const ctx = hub.context;
      const db = ctx.database.db;
      const now = new Date();
      await createVo(db, { name: VO }, now);
      await grantRole(db, { subject: 'manager-v', role: 'vo-manager', target: VO }, 'test', now);
      for (const name of ['SITE-C', 'SITE-A', 'SITE-B']) {
        await createSite(db, { name }, now);
        const site = await db
          .selectFrom('sites')
          .selectAll()
          .where('name', '=', name)
          .executeTakeFirstOrThrow();
        await putSiteVo(db, site, VO, { projectId: `p-${name}` }, now);
        // SITE-A synced both images at the list's versions; SITE-B has an older "one" and no
        // "two"; SITE-C never published.
        const synced: Record<string, Record<string, [string, string]>> = {
          'SITE-A': { 'img-1': ['one', '2'], 'img-2': ['two', '1'] },
          'SITE-B': { 'img-3': ['one', '1'] },
        };
        if (synced[name]) {
          const result = await publishDocument(ctx, {
            siteId: site.id,
            site: name,
            document: siteDocument(name, now, synced[name]),
            now,
          });
          published[name] = result.publishedAt;
        }
      }
    });
    afterAll(async () => {
      await hub?.stop();
      await drop?.();
    });

    const catalogue = async (token?: string, vo = VO) => {
      const res = await fetch(`${hub.url}/api/v1/vos/${vo}/image-catalogue`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      return { status: res.status, body: (await res.json()) as VoImageCatalogue };
    };
    const putList = async (query = '') => {
      const res = await fetch(`${hub.url}/api/v1/vos/${VO}/image-list${query}`, {
        method: 'PUT',
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${tokens.manager}` },
        body: new Uint8Array(signSmime(renderImageList(list(new Date())), endorser)),
      });
      expect(res.status).toBe(200);
    };

    it('lists the supporting sites with their information time before any list', async () => {
      const { status, body } = await catalogue();
      expect(status).toBe(200);
      expect(body.state).toBe('none');
      expect(body.list).toBeNull();
      expect(body.sites.map((s) => [s.site, s.status, s.info?.publishedAt ?? null])).toEqual([
        ['SITE-A', 'ok', published['SITE-A']],
        ['SITE-B', 'ok', published['SITE-B']],
        ['SITE-C', 'no-info', null],
      ]);
      expect(body.sites.every((s) => s.images.length === 0)).toBe(true);
    });

    it('shows a public list and where each site stands with each image', async () => {
      await putList();
      const { status, body } = await catalogue();
      expect(status).toBe(200);
      expect(body.state).toBe('published');
      expect(body.list).toMatchObject({
        identifier: 'list-1',
        title: 'test images',
        endorser: { dn: ENDORSER_DN, ca: CA_DN },
        expired: false,
        public: true,
        images: [
          {
            identifier: 'one',
            title: 'image one',
            version: '2',
            format: 'QCOW2',
            sizeBytes: 2048,
            sha512Prefix: 'cdcdcdcdcdcdcdcd',
            url: 'https://images.example.org/one.qcow2',
          },
          expect.objectContaining({ identifier: 'two', version: '1' }),
        ],
      });
      expect(body.sites.map((s) => [s.site, s.images, s.counts])).toEqual([
        [
          'SITE-A',
          [
            { identifier: 'one', state: 'current', siteVersion: '2' },
            { identifier: 'two', state: 'current', siteVersion: '1' },
          ],
          { current: 2, behind: 0, missing: 0 },
        ],
        [
          'SITE-B',
          [
            { identifier: 'one', state: 'behind', siteVersion: '1' },
            { identifier: 'two', state: 'missing', siteVersion: null },
          ],
          { current: 0, behind: 1, missing: 1 },
        ],
        [
          'SITE-C',
          [
            { identifier: 'one', state: 'missing', siteVersion: null },
            { identifier: 'two', state: 'missing', siteVersion: null },
          ],
          { current: 0, behind: 0, missing: 2 },
        ],
      ]);
    });

    it('calls a private list private for outsiders and shows it to members', async () => {
      await putList('?visibility=private');
      for (const token of [undefined, tokens.carol]) {
        const { status, body } = await catalogue(token);
        expect([status, body.state, body.list]).toEqual([200, 'private', null]);
        expect(body.sites.map((s) => [s.site, s.images])).toEqual([
          ['SITE-A', []],
          ['SITE-B', []],
          ['SITE-C', []],
        ]);
      }
      const member = await catalogue(tokens.alice);
      expect([member.body.state, member.body.list?.public]).toEqual(['published', false]);
      expect(member.body.sites[1]?.counts).toEqual({ current: 0, behind: 1, missing: 1 });
    });

    it('answers 404 for an unknown VO and 401 for a bad token', async () => {
      expect((await catalogue(undefined, 'no.such.vo')).status).toBe(404);
      expect((await catalogue('not-a-token')).status).toBe(401);
    });

    it('is described in the OpenAPI document, a token optional', async () => {
      const doc = (await (await fetch(`${hub.url}/openapi.json`)).json()) as {
        paths: Record<string, { get?: { security?: unknown[] } }>;
      };
      expect(doc.paths['/api/v1/vos/{vo}/image-catalogue']?.get?.security).toEqual([
        {},
        { bearerAuth: [] },
      ]);
    });
  },
);
