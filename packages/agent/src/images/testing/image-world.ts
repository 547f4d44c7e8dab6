import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  createClient,
  listImages,
  loginWithPassword,
  request,
  type Client,
  type Image,
} from '@fedcloud/openstack';
import { startEphemeralSandbox, type EphemeralSandbox } from '@fedcloud/sandbox/testing';

/** How the test server answers for one image path. */
type ServeMode =
  | { kind: 'bytes'; bytes: Buffer; chunk?: number; delayMs?: number }
  /** Sends the first `after` bytes (announcing all), then cuts the connection. */
  | { kind: 'die'; bytes: Buffer; after: number }
  /** No Content-Length, bytes forever. */
  | { kind: 'endless' };

export interface Pki {
  caDir: string;
  caDn: string;
  endorserDn: string;
  /** Signs with `openssl smime -sign` (detached, as AppDB does) by the named signer. */
  sign(json: string, signer?: 'endorser' | 'stranger' | 'expired' | 'other-dn'): string;
}

/**
 * For the image sync tests: a one-site sandbox whose `fedcloud-agent` user may create images in
 * an owner project and accept them in a VO's project, a CA and endorsers made with openssl, and a
 * small HTTP server serving signed lists and image bytes as the test tells it.
 */
export interface ImageWorld {
  sandbox: EphemeralSandbox;
  identityUrl: string;
  agent: { username: string; password: string; userDomainName: string };
  ownerProject: string;
  voProject: string;
  vo: string;
  pki: Pki;
  baseUrl: string;
  serve(path: string, mode: ServeMode | string): void;
  /** Requests the image server saw, by path. */
  hits: Map<string, number>;
  /** The agent's client on the owner project, to look at Glance. */
  owner(): Promise<Client>;
  /** The agent's client on the VO project. */
  asVo(): Promise<Client>;
  ownerImages(): Promise<Image[]>;
  cleanup(): Promise<void>;
}

const OPENSSL = 'openssl';
const openssl = (args: string[], cwd: string, input?: string): string =>
  execFileSync(OPENSSL, args, { cwd, input, stdio: ['pipe', 'pipe', 'pipe'] }).toString('utf8');

function makePki(dir: string): Pki {
  mkdirSync(dir, { recursive: true });
  const caSubject = '/DC=org/DC=fedcloud-test/CN=Test Endorsers CA';
  const make = (name: string, subject: string, ca: 'ca' | 'other-ca', days: number) => {
    openssl(
      [
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.csr`,
        '-subj',
        subject,
      ],
      dir,
    );
    openssl(
      [
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        `${ca}.pem`,
        '-CAkey',
        `${ca}.key`,
        '-CAcreateserial',
        '-days',
        String(days),
        '-out',
        `${name}.pem`,
      ],
      dir,
    );
  };
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '30',
      '-subj',
      caSubject,
    ],
    dir,
  );
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'other-ca.key',
      '-out',
      'other-ca.pem',
      '-days',
      '30',
      '-subj',
      caSubject.replace('Test', 'Stranger'),
    ],
    dir,
  );
  const endorserDn = '/DC=org/DC=fedcloud-test/CN=appdb.test';
  make('endorser', endorserDn, 'ca', 30);
  make('stranger', endorserDn, 'other-ca', 30);
  // Valid for one day: a run whose clock is days ahead finds it expired.
  make('expired', endorserDn, 'ca', 1);
  make('other-dn', '/DC=org/DC=fedcloud-test/CN=somebody.else', 'ca', 30);
  const caDir = join(dir, 'certificates');
  mkdirSync(caDir);
  // IGTF layout: <hash>.0 names the CA.
  const hash = openssl(['x509', '-in', 'ca.pem', '-noout', '-subject_hash'], dir).trim();
  writeFileSync(join(caDir, `${hash}.0`), openssl(['x509', '-in', 'ca.pem'], dir));
  return {
    caDir,
    caDn: caSubject,
    endorserDn,
    sign(json, signer = 'endorser') {
      return openssl(
        ['smime', '-sign', '-signer', `${signer}.pem`, '-inkey', `${signer}.key`],
        dir,
        json,
      );
    },
  };
}

export async function startImageWorld(dir: string): Promise<ImageWorld> {
  const sandbox = await startEphemeralSandbox({ sites: 1, tokenTtlSeconds: 604_800 });
  const site = sandbox.sites[0]!;
  const spec = site.context.spec;
  const transport = { fetch: sandbox.fetch };
  const vo = site.vos[0]!;
  const ownerVo = site.vos[1]!;

  // The site gives its image sync account member on the owner project and the VO's project.
  const admin = await loginWithPassword(transport, {
    authUrl: site.identityUrl,
    username: 'admin',
    password: spec.adminPassword,
    projectId: spec.adminProjectId,
  });
  const roles = await request<{ roles: { id: string }[] }>(transport, {
    url: `${admin.identityUrl}/roles?name=member`,
    token: admin.token,
  });
  const member = roles.data.roles[0]!.id;
  for (const project of [ownerVo.projectId, vo.projectId]) {
    await request(transport, {
      method: 'PUT',
      url: `${admin.identityUrl}/projects/${project}/users/${spec.agentUserId}/roles/${member}`,
      token: admin.token,
      expected: [204],
    });
  }

  const modes = new Map<string, ServeMode | string>();
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const mode = modes.get(path);
    if (mode === undefined) {
      res.writeHead(404).end('no such thing');
      return;
    }
    if (typeof mode === 'string') {
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end(mode);
      return;
    }
    if (mode.kind === 'endless') {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      const block = Buffer.alloc(64 * 1024, 1);
      const pump = (): void => {
        while (!res.destroyed && res.write(block));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(mode.bytes.length),
    });
    if (mode.kind === 'die') {
      res.write(mode.bytes.subarray(0, mode.after), () => setTimeout(() => res.destroy(), 20));
      return;
    }
    const size = mode.chunk ?? 256 * 1024;
    let at = 0;
    const next = (): void => {
      if (res.destroyed) return;
      if (at >= mode.bytes.length) {
        res.end();
        return;
      }
      const piece = mode.bytes.subarray(at, at + size);
      at += piece.length;
      res.write(piece, () => (mode.delayMs ? setTimeout(next, mode.delayMs) : next()));
    };
    next();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const scoped = async (projectId: string): Promise<Client> => {
    const auth = await loginWithPassword(transport, {
      authUrl: site.identityUrl,
      username: site.agent.username,
      password: site.agent.password,
      projectId,
    });
    return createClient({ transport, auth });
  };

  return {
    sandbox,
    identityUrl: site.identityUrl,
    agent: site.agent,
    ownerProject: ownerVo.projectId,
    voProject: vo.projectId,
    vo: vo.vo,
    pki: makePki(join(dir, 'pki')),
    baseUrl,
    serve: (path, mode) => modes.set(path, mode),
    hits,
    owner: () => scoped(ownerVo.projectId),
    asVo: () => scoped(vo.projectId),
    async ownerImages() {
      const client = await scoped(ownerVo.projectId);
      return listImages(client, { owner: ownerVo.projectId });
    },
    async cleanup() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sandbox.cleanup();
    },
  };
}

const sha512 = (bytes: Buffer): string => createHash('sha512').update(bytes).digest('hex');

/** A HEPiX image entry with every key atrope requires. */
export function hepixImage(
  id: string,
  bytes: Buffer,
  url: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    'dc:identifier': id,
    'dc:title': `Image ${id}`,
    'dc:description': `the ${id} image`,
    'ad:group': 'General group',
    'ad:mpuri': `https://appdb.example.org/store/vo/image/${id}:1/`,
    'ad:user:fullname': 'Test Endorser',
    'ad:user:guid': 'guid-1',
    'ad:user:uri': 'https://appdb.example.org/store/person/1',
    'hv:hypervisor': 'KVM',
    'hv:format': 'RAW',
    'hv:size': String(bytes.length),
    'hv:uri': url,
    'hv:version': '1',
    'sl:arch': 'x86_64',
    'sl:checksum:sha512': sha512(bytes),
    'sl:comments': '',
    'sl:os': 'Linux',
    'sl:osname': 'AlmaLinux',
    'sl:osversion': '9',
    'dc:date:expires': '2099-01-01T00:00:00Z',
    ...extra,
  };
}

export function hepixList(
  pki: Pki,
  images: Record<string, string>[],
  extra: Record<string, string> = {},
): string {
  const list = {
    'dc:identifier': 'list-0001',
    'dc:title': 'Test VO images',
    'dc:description': 'what the test VO endorses',
    'dc:source': 'https://appdb.example.org',
    'dc:date:created': '2026-01-01T00:00:00Z',
    'dc:date:expires': '2099-01-01T00:00:00Z',
    'hv:uri': 'https://appdb.example.org/vo/image.list',
    'hv:version': '20260101000000',
    'hv:endorser': {
      'hv:x509': {
        'dc:creator': 'Applications Database',
        'hv:ca': pki.caDn,
        'hv:dn': pki.endorserDn,
        'hv:email': 'appdb@example.org',
      },
    },
    'hv:images': images.map((image) => ({ 'hv:image': image })),
    ...extra,
  };
  return `${JSON.stringify({ 'hv:imagelist': list }, null, 2)}\n`;
}
