import { access, constants, readFile } from 'node:fs/promises';
import { resolveSettings, type HubFlags } from '../config.js';
import { HubError } from '../errors.js';
import { type RunningHub, startHub } from '../server.js';

export interface ServeFlags extends HubFlags {
  dashboardDir?: string | undefined;
  dashboard?: boolean | undefined;
}

export interface ServeResult {
  hub: RunningHub;
  url: string;
  publicUrl: string;
  /** The database, any password replaced by ***. */
  database: string;
  issuer: string | null;
  admins: string[];
}

/** A fetch that trusts the issuer's extra CA, built with the SDK's transport (IGTF-ready). */
async function issuerFetch(caFile: string): Promise<typeof fetch> {
  try {
    await access(caFile, constants.R_OK);
  } catch {
    throw new HubError('BAD_REQUEST', `cannot read --ca-file / FEDCLOUD_HUB_CA_FILE: ${caFile}`);
  }
  const { createTransport } = await import('@fedcloud/sdk');
  try {
    // With a debug sink the transport hands out its own fetch bound to its trust store.
    const transport = createTransport({ caFile, debug: () => undefined });
    if (!transport.fetch) throw new Error('the SDK transport gave no fetch');
    return transport.fetch;
  } catch (error) {
    throw new HubError(
      'BAD_REQUEST',
      `bad --ca-file / FEDCLOUD_HUB_CA_FILE ${caFile}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

async function readable(file: string, what: string): Promise<void> {
  try {
    await access(file, constants.R_OK);
  } catch {
    throw new HubError('BAD_REQUEST', `cannot read ${what}: ${file}`);
  }
}

async function tlsMaterial(tls: { certFile: string; keyFile: string }) {
  await readable(tls.certFile, '--tls-cert / FEDCLOUD_HUB_TLS_CERT');
  await readable(tls.keyFile, '--tls-key / FEDCLOUD_HUB_TLS_KEY');
  return {
    certPem: await readFile(tls.certFile, 'utf8'),
    keyPem: await readFile(tls.keyFile, 'utf8'),
  };
}

export async function runServe(flags: ServeFlags): Promise<ServeResult> {
  const settings = resolveSettings(flags);
  const fetchForIssuer = settings.caFile ? await issuerFetch(settings.caFile) : undefined;
  if (settings.trustedCa)
    await readable(settings.trustedCa, '--trusted-ca / FEDCLOUD_HUB_TRUSTED_CA');
  const tls = settings.tls ? await tlsMaterial(settings.tls) : undefined;
  const hub = await startHub({
    database: settings.database,
    issuerUrl: settings.issuerUrl ?? '',
    host: settings.host,
    port: settings.port,
    admins: settings.admins,
    audience: settings.audience,
    info: settings.info,
    ...(settings.publicUrl ? { publicUrl: settings.publicUrl } : {}),
    ...(settings.trustedCa ? { trustedCaFile: settings.trustedCa } : {}),
    ...(tls ? { tls } : {}),
    ...(fetchForIssuer ? { fetch: fetchForIssuer } : {}),
    ...(flags.dashboard === false
      ? { dashboardDir: false as const }
      : flags.dashboardDir
        ? { dashboardDir: flags.dashboardDir }
        : {}),
  });
  return {
    hub,
    url: hub.url,
    publicUrl: hub.context.config.publicUrl,
    database: hub.context.database.description,
    issuer: settings.issuerUrl ?? null,
    admins: settings.admins,
  };
}
