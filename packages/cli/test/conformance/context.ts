import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getServer, isOpenStackError, type Server } from '@fedcloud/openstack';
import { openSiteSession, type SiteSession, type TokenProvider } from '@fedcloud/sdk';
import { stringify } from 'yaml';
import { CLI } from '../cli-sandbox.js';
import type { ConformanceTarget, ConformanceUser } from './target.js';

/** The VO most tests work in. */
export const VO = 'vo.access.egi.eu';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Everything a suite module needs once its target runs; built in the suite's beforeAll. */
export interface Conformance {
  target: ConformanceTarget;
  /** A per-test-run prefix for resource names, so leftovers of a failed run are recognisable. */
  prefix: string;
  name(kind: string): string;
  tokens(user: ConformanceUser): TokenProvider;
  /** A project-scoped SDK session (cached per user and VO). */
  session(user?: ConformanceUser, vo?: string): Promise<SiteSession>;
  /** `fedcloud ARGS` with a site folder describing the target and alice's token. */
  fedcloud(args: string[], extra?: Record<string, string | undefined>): Promise<CliRun>;
  /** `fedcloud openstack ARGS -f json --site S --vo V`, exit 0 checked, stdout parsed. */
  openstack<T = unknown>(args: string[], vo?: string): Promise<T>;
  /** The python openstack client, when installed (non-native commands go through it). */
  openstackCli: string | undefined;
  home: string;
  stop(): Promise<void>;
}

/** A token provider handing out one fixed token, counting how often it was asked. */
export function fixedTokens(token: string): TokenProvider & { calls: number } {
  const provider = {
    kind: 'access-token' as const,
    refreshable: false,
    calls: 0,
    getAccessToken() {
      provider.calls += 1;
      return Promise.resolve(token);
    },
  };
  return provider;
}

export async function createConformance(target: ConformanceTarget): Promise<Conformance> {
  const home = await mkdtemp(join(tmpdir(), 'fedcloud-conformance-'));
  const sitesDir = join(home, 'sites');
  await mkdir(sitesDir);
  const site = target.site;
  await writeFile(
    join(sitesDir, `${site.name}.yaml`),
    stringify({
      gocdb: site.name,
      endpoint: site.endpoint,
      protocol: site.protocol,
      ...(site.region ? { region: site.region } : {}),
      vos: site.vos.map((v) => ({ name: v.name, auth: { project_id: v.projectId } })),
    }),
  );
  const prefix = `conformance-${randomBytes(3).toString('hex')}`;
  const aliceToken = await target.tokenFor('alice');
  const tokenCache = new Map<ConformanceUser, string>([['alice', aliceToken]]);
  const sessions = new Map<string, Promise<SiteSession>>();

  const tokens = (user: ConformanceUser): TokenProvider => {
    const provider: TokenProvider = {
      kind: 'access-token',
      refreshable: false,
      async getAccessToken() {
        let token = tokenCache.get(user);
        if (!token) {
          token = await target.tokenFor(user);
          tokenCache.set(user, token);
        }
        return token;
      },
    };
    return provider;
  };

  const env = (extra: Record<string, string | undefined>): NodeJS.ProcessEnv => {
    const base: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: home,
      XDG_CACHE_HOME: join(home, '.cache'),
      SHELL: '/bin/bash',
      NO_COLOR: '1',
      FEDCLOUD_SITE_CONFIG_DIR: sitesDir,
      OIDC_ACCESS_TOKEN: aliceToken,
      ...(target.caFile ? { FEDCLOUD_CA_FILE: target.caFile } : {}),
    };
    for (const [key, value] of Object.entries(extra)) {
      if (value === undefined) delete base[key];
      else base[key] = value;
    }
    return base;
  };

  const fedcloud = (args: string[], extra: Record<string, string | undefined> = {}) =>
    new Promise<CliRun>((done) => {
      execFile(
        process.execPath,
        [CLI, ...args],
        { env: env(extra), cwd: home, timeout: 120_000, maxBuffer: 16 << 20 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          done({ code, stdout, stderr });
        },
      );
    });

  return {
    target,
    prefix,
    name: (kind) => `${prefix}-${kind}`,
    tokens,
    session(user = 'alice', vo = VO) {
      const key = `${user}\u0000${vo}`;
      let session = sessions.get(key);
      if (!session) {
        session = openSiteSession(site, vo, { transport: target.transport, tokens: tokens(user) });
        session.catch(() => sessions.delete(key));
        sessions.set(key, session);
      }
      return session;
    },
    fedcloud,
    async openstack<T>(args: string[], vo = VO): Promise<T> {
      const run = await fedcloud([
        'openstack',
        ...args,
        '-f',
        'json',
        '--site',
        site.name,
        '--vo',
        vo,
      ]);
      if (run.code !== 0) {
        throw new Error(`fedcloud openstack ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
      }
      return JSON.parse(run.stdout) as T;
    },
    openstackCli: pythonClient(),
    home,
    async stop() {
      await rm(home, { recursive: true, force: true });
    },
  };
}

function pythonClient(): string | undefined {
  for (const candidate of ['/usr/bin/openstack', '/usr/local/bin/openstack']) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Polls a server until it has one of the statuses (ERROR ends the wait too). */
export async function waitForServer(
  session: SiteSession,
  id: string,
  statuses: string[],
  timeoutMs = 90_000,
): Promise<Server> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const server = await getServer(session.client, id);
    if (statuses.includes(server.status ?? '') || server.status === 'ERROR') return server;
    if (Date.now() > deadline) {
      throw new Error(`server ${id} still ${server.status ?? '?'} after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** Polls until the server is gone (404). */
export async function waitForServerGone(
  session: SiteSession,
  id: string,
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await getServer(session.client, id);
    } catch (error) {
      if (isOpenStackError(error) && error.status === 404) return;
      throw error;
    }
    if (Date.now() > deadline) throw new Error(`server ${id} not deleted after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** The rejection of a promise, failing the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error('expected a rejection, got a result');
}

/** A random UUID-shaped id that no resource has. */
export function unknownId(): string {
  return crypto.randomUUID();
}
