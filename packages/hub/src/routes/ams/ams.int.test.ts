import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseLocations } from '../../../test/locations.js';
import { type RunningHub, startHub } from '../../server.js';
import { insertSite } from '../../testing/index.js';

// A real hub over TLS, messages signed by the openssl CLI as ssm's crypto.sign does, sent in
// AMS's wire format with fetch, as argo-ams-library sends them.
const OPENSSL = 'openssl';
const SITE_A = 'SITE-A';
const SITE_B = 'SITE-B';
const DN_A = '/DC=EU/DC=EGI/C=NL/O=Hosts/CN=accounting.site-a.example.org';
const DN_B = '/DC=EU/DC=EGI/C=SK/O=Hosts/CN=accounting.site-b.example.org';
const HOUR = 3600;
/** 2026-02-01T00:00:00Z. */
const FEB = 1_769_904_000;

let dir: string;
const file = (name: string) => join(dir, name);
const openssl = (args: string[], input?: string) =>
  execFileSync(OPENSSL, args, { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

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

function issue(name: string, ca: string, subject: string, extensions: string) {
  openssl(
    ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', subject].concat([
      '-keyout',
      file(`${name}-key.pem`),
      '-out',
      file(`${name}.csr`),
    ]),
  );
  writeFileSync(file(`${name}.ext`), extensions);
  openssl(
    ['x509', '-req', '-in', file(`${name}.csr`), '-CA', file(`${ca}.pem`)]
      .concat(['-CAkey', file(`${ca}-key.pem`), '-CAcreateserial', '-days', '10'])
      .concat(['-extfile', file(`${name}.ext`), '-out', file(`${name}.pem`)]),
  );
}

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
    ].concat(extra),
    text,
  );

/** One APEL-cloud-message v0.4 record, keys sorted as cASO writes them. */
function record(fields: Record<string, string | number>): string {
  return Object.keys(fields)
    .sort()
    .map((key) => `${key}: ${fields[key]}`)
    .join('\n');
}
const vm = (over: Record<string, string | number>) =>
  record({
    VMUUID: 'vm-1',
    SiteName: SITE_A,
    GlobalUserName: 'alice@egi.eu',
    FQAN: 'vo.a',
    Status: 'started',
    StartTime: FEB,
    EndTime: 0,
    RecordCreateTime: FEB + 2 * HOUR,
    WallDuration: 2 * HOUR,
    CpuDuration: 4 * HOUR,
    CpuCount: 2,
    Memory: 4096,
    Disk: 20,
    ...over,
  });
const message = (...records: string[]) => `APEL-cloud-message: v0.4\n${records.join('\n%%\n')}\n`;
const ams = (data: string, empaid?: string) => ({
  ...(empaid ? { attributes: { empaid } } : {}),
  data: Buffer.from(data).toString('base64'),
});

describe.each(databaseLocations().map((d) => [d.name, d] as const))(
  'AMS publish route (%s)',
  (_n, where) => {
    let place: Awaited<ReturnType<typeof where.create>>;
    let hub: RunningHub;
    let withCert: Agent;
    let plain: Agent;
    let key: string;

    const publish = (messages: unknown[], token = key) =>
      fetch(`${hub.url}/v1/projects/accounting/topics/eu-egi-cloud-accounting:publish`, {
        method: 'POST',
        headers: { 'x-api-key': token },
        body: JSON.stringify({ messages }),
        dispatcher: plain,
      } as RequestInit);
    const usage = async () => {
      const response = await fetch(`${hub.url}/api/v1/accounting/usage?groupBy=site,vo,month`, {
        dispatcher: plain,
      } as RequestInit);
      return ((await response.json()) as { rows: unknown[] }).rows;
    };

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'ams-int-'));
      place = await where.create();
      makeCa('ca', '/C=NL/O=fedcloud test/CN=Test CA');
      makeCa('other-ca', '/C=NL/O=elsewhere/CN=Other CA');
      const hostExt =
        'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth,serverAuth\n';
      issue(
        'server',
        'ca',
        '/O=fedcloud test/CN=127.0.0.1',
        `${hostExt}subjectAltName=IP:127.0.0.1\n`,
      );
      issue('host-a', 'ca', DN_A, hostExt);
      issue('host-b', 'ca', DN_B, hostExt);
      issue('unregistered', 'ca', '/DC=EU/DC=EGI/C=NL/O=Hosts/CN=nobody.example.org', hostExt);
      issue('stranger', 'other-ca', DN_A, hostExt);
      hub = await startHub({
        database: place.location,
        issuerUrl: '',
        port: 0,
        dashboardDir: false,
        trustedCaFile: file('ca.pem'),
        tls: {
          certPem: readFileSync(file('server.pem'), 'utf8'),
          keyPem: readFileSync(file('server-key.pem'), 'utf8'),
        },
      });
      const db = hub.context.database.db;
      for (const [site, dn] of [
        [SITE_A, DN_A],
        [SITE_B, DN_B],
      ] as const) {
        const { id } = await insertSite(db, site);
        const now = new Date().toISOString();
        await db
          .insertInto('endpoints')
          .values({
            site_id: id,
            service_type: 'eu.egi.cloud.accounting',
            hostname: 'accounting.example.org',
            url: 'https://accounting.example.org',
            host_dn: dn,
            host_os: '',
            host_arch: '',
            in_production: 1,
            monitored: 1,
            beta: 0,
            description: '',
            created_at: now,
            updated_at: now,
          })
          .execute();
      }
      const ca = readFileSync(file('ca.pem'), 'utf8');
      plain = new Agent({ connect: { ca } });
      withCert = new Agent({
        connect: {
          ca,
          cert: readFileSync(file('host-a.pem')),
          key: readFileSync(file('host-a-key.pem')),
        },
      });
    });
    afterAll(async () => {
      await hub?.stop();
      await Promise.all([plain?.close(), withCert?.close()]);
      await place.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('hands a key to the host certificate of a registered accounting endpoint at :authx509, as ssmsend asks', async () => {
      const answer = await fetch(`${hub.url}/v1/service-types/ams/hosts/127.0.0.1:authx509`, {
        dispatcher: withCert,
      } as RequestInit);
      expect(answer.status).toBe(200);
      key = ((await answer.json()) as { token: string }).token;
      expect(key).toMatch(/^[\w-]{40,}$/);

      const without = await fetch(`${hub.url}/v1/service-types/ams/hosts/127.0.0.1:authx509`, {
        dispatcher: plain,
      } as RequestInit);
      expect(without.status).toBe(401);
      expect(await without.json()).toEqual({
        error: {
          code: 401,
          message: expect.stringContaining('No certificate provided') as string,
          status: 'UNAUTHORIZED',
        },
      });
      const strangerAgent = new Agent({
        connect: {
          ca: readFileSync(file('ca.pem'), 'utf8'),
          cert: readFileSync(file('stranger.pem')),
          key: readFileSync(file('stranger-key.pem')),
        },
      });
      const stranger = await fetch(`${hub.url}/v1/service-types/ams/hosts/127.0.0.1:authx509`, {
        dispatcher: strangerAgent,
      } as RequestInit);
      await strangerAgent.close();
      expect(stranger.status).toBe(401);
      expect(JSON.stringify(await stranger.json())).toContain('is not trusted by this hub');
    });

    it('answers the topic, and refuses a missing or unknown key and another topic in AMS words', async () => {
      const topic = await fetch(
        `${hub.url}/v1/projects/accounting/topics/eu-egi-cloud-accounting`,
        {
          headers: { 'x-api-key': key },
          dispatcher: plain,
        } as RequestInit,
      );
      expect(await topic.json()).toEqual({
        name: '/projects/accounting/topics/eu-egi-cloud-accounting',
      });
      const noKey = await publish([ams('x')], '');
      expect(noKey.status).toBe(401);
      expect(((await noKey.json()) as { error: { status: string } }).error.status).toBe(
        'UNAUTHORIZED',
      );
      const badKey = await fetch(
        `${hub.url}/v1/projects/accounting/topics/eu-egi-cloud-accounting:publish?key=not-a-key`,
        { method: 'POST', body: '{"messages":[]}', dispatcher: plain } as RequestInit,
      );
      expect(badKey.status).toBe(401);
      const storage = await fetch(
        `${hub.url}/v1/projects/accounting/topics/eu-egi-storage-accounting:publish`,
        {
          method: 'POST',
          headers: { 'x-api-key': key },
          body: JSON.stringify({ messages: [ams('x')] }),
          dispatcher: plain,
        } as RequestInit,
      );
      expect(storage.status).toBe(404);
      expect(((await storage.json()) as { error: { message: string } }).error.message).toMatch(
        /^Topic doesn't exist/,
      );
      const notJson = await publish([]);
      expect(notJson.status).toBe(400);
    });

    it('stores signed messages (detached, and LF-only as ssmsend sends them) and shows them in usage with hand-counted figures; a key of one site’s certificate carries no other site’s message', async () => {
      const first = sign(
        'host-a',
        message(
          vm({}),
          vm({
            VMUUID: 'vm-2',
            FQAN: 'vo.b',
            GlobalUserName: 'bob@egi.eu',
            WallDuration: HOUR,
            CpuDuration: HOUR,
            CpuCount: 1,
            RecordCreateTime: FEB + HOUR,
          }),
        ),
      );
      const lfOnly = sign(
        'host-a',
        message(
          vm({
            VMUUID: 'vm-3',
            WallDuration: 3 * HOUR,
            CpuDuration: 6 * HOUR,
            RecordCreateTime: FEB + 3 * HOUR,
          }),
        ),
      ).replace(/\r\n/g, '\n');
      const opaque = sign(
        'host-b',
        message(
          vm({
            VMUUID: 'vm-b1',
            SiteName: SITE_B,
            WallDuration: HOUR,
            CpuDuration: 2 * HOUR,
            RecordCreateTime: FEB + HOUR,
          }),
        ),
        ['-nodetach'],
      );
      const answer = await publish([
        ams(first, '69a1b2c3/69a1b2c3d4e5f6'),
        ams(lfOnly, '69a1b2c3/69a1b2c3d4e5f7'),
      ]);
      expect(answer.status).toBe(200);
      const body = (await answer.json()) as { messageIds: string[]; results: unknown[] };
      expect(body.messageIds).toHaveLength(2);
      expect(body.results).toEqual([
        {
          messageId: body.messageIds[0],
          empaid: '69a1b2c3/69a1b2c3d4e5f6',
          site: SITE_A,
          accepted: 2,
          superseded: 0,
          rejected: [],
          duplicate: false,
        },
        {
          messageId: body.messageIds[1],
          empaid: '69a1b2c3/69a1b2c3d4e5f7',
          site: SITE_A,
          accepted: 1,
          superseded: 0,
          rejected: [],
          duplicate: false,
        },
      ]);
      // The key was given to SITE-A's certificate: it may not carry SITE-B's messages.
      const foreignKey = await publish([ams(opaque, 'b/1')]);
      expect(foreignKey.status).toBe(403);
      expect(JSON.stringify(await foreignKey.json())).toContain('KEY_NOT_FOR_SITE');

      // alice vo.a: vm-1 2 h wall, 4 h CPU + vm-3 3 h wall, 6 h CPU; bob vo.b: vm-2 1 h, 1 h.
      expect(await usage()).toEqual([
        expect.objectContaining({
          site: SITE_A,
          vo: 'vo.a',
          month: '2026-02',
          wallHours: 5,
          cpuHours: 10,
          vms: 2,
          memoryMb: 8192,
          diskGb: 40,
        }),
        expect.objectContaining({
          site: SITE_A,
          vo: 'vo.b',
          month: '2026-02',
          wallHours: 1,
          cpuHours: 1,
          vms: 1,
        }),
      ]);
    });

    it('counts the same message delivered twice once, even signed anew, and says it was a duplicate', async () => {
      const text = message(
        vm({
          VMUUID: 'vm-4',
          WallDuration: HOUR,
          CpuDuration: 2 * HOUR,
          RecordCreateTime: FEB + HOUR,
        }),
      );
      const once = await publish([ams(sign('host-a', text), 'dup/1')]);
      const again = await publish([
        ams(sign('host-a', text), 'dup/1'),
        ams(sign('host-a', text), 'dup/1'),
      ]);
      expect(once.status).toBe(200);
      expect(again.status).toBe(200);
      const first = (await once.json()) as { messageIds: string[] };
      const second = (await again.json()) as {
        messageIds: string[];
        results: { duplicate: boolean }[];
      };
      expect(second.messageIds).toEqual([first.messageIds[0], first.messageIds[0]]);
      expect(second.results.map((r) => r.duplicate)).toEqual([true, true]);
      expect(await usage()).toContainEqual(
        expect.objectContaining({ site: SITE_A, vo: 'vo.a', wallHours: 6, cpuHours: 12, vms: 3 }),
      );
    });

    it('refuses each bad message with its reason and keeps the good ones of the same publish', async () => {
      const good = sign(
        'host-a',
        message(
          vm({
            VMUUID: 'vm-5',
            WallDuration: HOUR,
            CpuDuration: 2 * HOUR,
            RecordCreateTime: FEB + HOUR,
          }),
        ),
      );
      const foreignRecord = sign(
        'host-a',
        message(
          vm({
            VMUUID: 'vm-6',
            WallDuration: HOUR,
            CpuDuration: HOUR,
            RecordCreateTime: FEB + HOUR,
          }),
          vm({ VMUUID: 'vm-x', SiteName: SITE_B }),
        ),
      );
      const wrongDn = sign('unregistered', message(vm({ VMUUID: 'vm-7' })));
      const untrusted = sign('stranger', message(vm({ VMUUID: 'vm-8' })));
      const tampered = sign('host-a', message(vm({ VMUUID: 'vm-9' }))).replace(
        'WallDuration: 7200',
        'WallDuration: 9200',
      );
      const notApel = sign('host-a', 'hello\n');
      const oversize = sign(
        'host-a',
        message(
          ...Array.from({ length: 3000 }, (_, i) =>
            vm({ VMUUID: `vm-big-${i}`, MachineName: 'x'.repeat(300) }),
          ),
        ),
      );
      expect(Buffer.byteLength(oversize)).toBeGreaterThan(1024 * 1024);
      const answer = await publish([
        ams(good, 'ok/1'),
        ams(wrongDn, 'bad/dn'),
        ams(untrusted, 'bad/ca'),
        ams(tampered, 'bad/sig'),
        { attributes: { empaid: 'bad/b64' }, data: 'not base64!' },
        ams(oversize, 'bad/size'),
        ams(notApel, 'bad/apel'),
        ams(foreignRecord, 'ok/2'),
      ]);
      expect(answer.status).toBe(400);
      const body = (await answer.json()) as {
        error: {
          code: number;
          status: string;
          message: string;
          errors: { domain: string; reason: string; message: string }[];
        };
        messageIds: (string | null)[];
        results: {
          empaid: string;
          accepted: number;
          rejected: { index: number; vmUuid: string; reason: string }[];
        }[];
      };
      expect(body.error).toMatchObject({
        code: 400,
        status: 'INVALID_ARGUMENT',
        message: '6 of 8 messages refused (see errors); the others are stored',
      });
      expect(body.error.errors.map((e) => [e.domain, e.reason])).toEqual([
        ['messages[1] (empaid bad/dn)', 'SIGNER_DN_NOT_REGISTERED'],
        ['messages[2] (empaid bad/ca)', 'SIGNER_UNTRUSTED'],
        ['messages[3] (empaid bad/sig)', 'SIGNATURE_INVALID'],
        ['messages[4] (empaid bad/b64)', 'DATA_NOT_BASE64'],
        ['messages[5] (empaid bad/size)', 'MESSAGE_TOO_LARGE'],
        ['messages[6] (empaid bad/apel)', 'INVALID_DOCUMENT'],
      ]);
      expect(body.error.errors[0]!.message).toContain(
        '/DC=EU/DC=EGI/C=NL/O=Hosts/CN=nobody.example.org is not the Host DN',
      );
      expect(body.error.errors[1]!.message).toContain('issued by /C=NL/O=elsewhere/CN=Other CA');
      expect(body.error.errors[4]!.message).toMatch(/^Message size is too large: \d+ bytes/);
      expect(body.messageIds.map((id) => id !== null)).toEqual([
        true,
        false,
        false,
        false,
        false,
        false,
        false,
        true,
      ]);
      expect(body.results[1]).toMatchObject({
        empaid: 'ok/2',
        accepted: 1,
        rejected: [
          {
            index: 1,
            vmUuid: 'vm-x',
            reason: `SiteName ${SITE_B} is not ${SITE_A}: a site submits only its own records`,
          },
        ],
      });
      // vm-5 (1 h, 2 h CPU) and vm-6 (1 h, 1 h CPU) are added to alice's vo.a; nothing else.
      expect(await usage()).toEqual([
        expect.objectContaining({ site: SITE_A, vo: 'vo.a', wallHours: 8, cpuHours: 15, vms: 5 }),
        expect.objectContaining({ site: SITE_A, vo: 'vo.b', wallHours: 1, cpuHours: 1, vms: 1 }),
      ]);
    });

    it('answers a lone refused message with its own status, as ssmsend sees it', async () => {
      const answer = await publish([
        ams(sign('stranger', message(vm({ VMUUID: 'vm-10' }))), 'x/1'),
      ]);
      expect(answer.status).toBe(403);
      const body = (await answer.json()) as { error: { status: string; message: string } };
      expect(body.error.status).toBe('FORBIDDEN');
      expect(body.error.message).toMatch(
        /^messages\[0\] \(empaid x\/1\): the signer .* is not trusted/,
      );
    });
  },
);
