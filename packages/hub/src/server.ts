import type { Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { readTrustAnchors } from '@fedcloud/sdk/smime';
import { createHubApp } from './app.js';
import { createJwtVerifier } from './auth/verifier.js';
import type { TokenVerifier } from './auth/types.js';
import { DEFAULT_AUDIENCE, type InfoPolicy } from './config.js';
import { createHubContext, type HubContext } from './context.js';
import { openDatabase } from './db/database.js';
import { HubError } from './errors.js';

export interface StartHubOptions {
  /** SQLite file path (or ':memory:') or a postgres:// URL. */
  database: string;
  /** The OIDC issuer whose tokens are accepted; '' accepts none. */
  issuerUrl: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  admins?: string[];
  /** Base URL in links the hub hands out; defaults to the URL it listens on. */
  publicUrl?: string;
  /** fetch for the issuer's discovery document and keys (e.g. one trusting its CA). */
  fetch?: typeof fetch;
  /** Folder of the built dashboard; false serves none. */
  dashboardDir?: string | false;
  maxDocumentBytes?: number;
  /** Accepted JWT `aud` values; default [DEFAULT_AUDIENCE]. */
  audience?: string[];
  info?: InfoPolicy;
  /**
   * PEM file, or IGTF-style folder, of the CAs whose host certificates may sign accounting
   * sent over the AMS route (and, with `tls`, present themselves at its `:authx509`).
   */
  trustedCaFile?: string;
  /**
   * Serve HTTPS, asking for (not requiring) a client certificate checked against
   * `trustedCaFile`: stock ssmsend speaks only https, and gets its AMS key with its host
   * certificate. Without it the hub speaks HTTP, for a TLS proxy in front.
   */
  tls?: { certPem: string; keyPem: string };
  now?: () => Date;
}

export interface RunningHub {
  url: string;
  port: number;
  context: HubContext;
  stop(): Promise<void>;
}

/** Largest GLUE document accepted: a site with thousands of images stays well below. */
const DEFAULT_MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/** packages/hub/public/dashboard, seen from dist/server.js (where npm run build puts it). */
function defaultDashboardDir(): string {
  return fileURLToPath(new URL('../public/dashboard', import.meta.url));
}

const noIssuer: TokenVerifier = {
  verify() {
    return Promise.reject(
      new HubError(
        'UNAUTHENTICATED',
        'this hub accepts no tokens: no issuer is configured (FEDCLOUD_HUB_ISSUER or --issuer)',
      ),
    );
  },
};

async function listen(
  app: ReturnType<typeof createHubApp>,
  host: string,
  port: number,
  options: Pick<StartHubOptions, 'tls' | 'trustedCaFile'>,
): Promise<Server> {
  const tls = options.tls && {
    createServer: createHttpsServer,
    serverOptions: {
      cert: options.tls.certPem,
      key: options.tls.keyPem,
      requestCert: true,
      rejectUnauthorized: false,
      ...(options.trustedCaFile ? { ca: (await readTrustAnchors(options.trustedCaFile)).pem } : {}),
    },
  };
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port, ...tls }) as Server;
    server.once('listening', () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          `cannot listen on ${host}:${port}: ${error.code === 'EADDRINUSE' ? 'the port is in use' : error.message}`,
        ),
      );
    });
  });
}

/** Opens (and migrates) the database, then serves the hub; `stop()` closes both. */
export async function startHub(options: StartHubOptions): Promise<RunningHub> {
  const host = options.host ?? '127.0.0.1';
  const database = await openDatabase(options.database);
  const dashboardDir =
    options.dashboardDir === false ? undefined : (options.dashboardDir ?? defaultDashboardDir());
  const context = createHubContext({
    database,
    verifier: options.issuerUrl
      ? createJwtVerifier({
          issuerUrl: options.issuerUrl,
          audience: options.audience ?? [DEFAULT_AUDIENCE],
          ...(options.fetch ? { fetch: options.fetch } : {}),
        })
      : noIssuer,
    config: {
      publicUrl: options.publicUrl ?? '',
      issuerUrl: options.issuerUrl,
      admins: options.admins ?? [],
      maxDocumentBytes: options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES,
      ...(options.info ? { info: options.info } : {}),
      ...(options.trustedCaFile ? { trustedCaFile: options.trustedCaFile } : {}),
      ...(dashboardDir ? { dashboardDir } : {}),
    },
    now: options.now ?? (() => new Date()),
  });
  let server: Server;
  try {
    server = await listen(createHubApp(context), host, options.port ?? 7400, options);
  } catch (error) {
    await database.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const url = `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  // Known only once the port is bound; routes read the config at request time.
  if (!options.publicUrl) context.config.publicUrl = url;
  else context.config.publicUrl = options.publicUrl.replace(/\/+$/, '');

  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    context,
    stop() {
      stopped ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await database.close();
      })();
      return stopped;
    },
  };
}
