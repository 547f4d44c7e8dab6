import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { HubError } from './errors.js';

/** How `fedcloud-hub serve` is configured: flags over FEDCLOUD_HUB_* variables over defaults. */
export interface HubSettings {
  host: string;
  port: number;
  /** SQLite file path, or a postgres:// URL. */
  database: string;
  /** Tokens are accepted only from this issuer; without one every token is refused. */
  issuerUrl?: string;
  admins: string[];
  /** Extra CA (PEM) to trust when fetching the issuer's discovery document and keys. */
  caFile?: string;
  publicUrl?: string;
  /** Accepted JWT `aud` values; a token must name one of them. */
  audience: string[];
  /**
   * CAs (a PEM file or an /etc/grid-security/certificates-style folder) whose certificates may
   * sign what sites and VO managers send signed: ssmsend's accounting messages, image lists.
   */
  trustedCa?: string;
  /** Serve https with this certificate and key (PEM files); stock ssmsend speaks https only. */
  tls?: { certFile: string; keyFile: string };
  /** How publications are kept and admitted. */
  info: InfoPolicy;
}

/** How the information system keeps history and admits publications. */
export interface InfoPolicy {
  /** Documents kept per site, the current one included. */
  historyCount: number;
  /** Older documents than this are pruned (the current one never is). */
  historyDays: number;
  /** Publications (documents and health marks) one publisher may make per site per minute. */
  publishesPerMinute: number;
}

export const DEFAULT_AUDIENCE = 'fedcloud';
export const DEFAULT_INFO_POLICY: InfoPolicy = {
  historyCount: 100,
  historyDays: 30,
  publishesPerMinute: 12,
};

export interface HubFlags {
  host?: string | undefined;
  port?: string | undefined;
  database?: string | undefined;
  issuer?: string | undefined;
  admins?: string | undefined;
  caFile?: string | undefined;
  publicUrl?: string | undefined;
  audience?: string | undefined;
  historyCount?: string | undefined;
  historyDays?: string | undefined;
  publishRate?: string | undefined;
  trustedCa?: string | undefined;
  tlsCert?: string | undefined;
  tlsKey?: string | undefined;
}

const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_PORT = 7400;

/** ~/.local/share/fedcloud-hub/hub.db, or under $XDG_DATA_HOME when set. */
export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'fedcloud-hub', 'hub.db');
}

const httpUrl = (what: string) =>
  z.url({ protocol: /^https?$/, error: `${what} must be an http(s) URL` });

const settingsSchema = z.object({
  host: z.string().min(1, '--host / FEDCLOUD_HUB_HOST must not be empty'),
  port: z.coerce
    .number({ error: '--port / FEDCLOUD_HUB_PORT must be a number' })
    .int('--port / FEDCLOUD_HUB_PORT must be a whole number')
    .min(0, '--port / FEDCLOUD_HUB_PORT must be between 0 and 65535')
    .max(65535, '--port / FEDCLOUD_HUB_PORT must be between 0 and 65535'),
  database: z.string().min(1, '--database / FEDCLOUD_HUB_DB must not be empty'),
  issuerUrl: httpUrl('--issuer / FEDCLOUD_HUB_ISSUER').optional(),
  admins: z.array(z.string()),
  caFile: z.string().min(1).optional(),
  publicUrl: httpUrl('--public-url / FEDCLOUD_HUB_PUBLIC_URL').optional(),
  audience: z
    .array(z.string())
    .min(1, '--audience / FEDCLOUD_HUB_AUDIENCE must name at least one audience'),
  historyCount: count('--history-count / FEDCLOUD_HUB_HISTORY_COUNT', 1),
  historyDays: count('--history-days / FEDCLOUD_HUB_HISTORY_DAYS', 1),
  publishesPerMinute: count('--publish-rate / FEDCLOUD_HUB_PUBLISH_RATE', 1),
});

function count(what: string, min: number) {
  return z.coerce
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(min, `${what} must be at least ${min}`);
}

const list = (value: string) =>
  value
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);

const nonEmpty = (...values: (string | undefined)[]) =>
  values.find((v) => v !== undefined && v !== '');

/** Resolves the settings; a bad value is a BAD_REQUEST HubError naming the flag and variable. */
export function resolveSettings(
  flags: HubFlags,
  env: NodeJS.ProcessEnv = process.env,
): HubSettings {
  const admins = nonEmpty(flags.admins, env.FEDCLOUD_HUB_ADMINS) ?? '';
  const input = {
    host: nonEmpty(flags.host, env.FEDCLOUD_HUB_HOST) ?? DEFAULT_HOST,
    port: nonEmpty(flags.port, env.FEDCLOUD_HUB_PORT) ?? DEFAULT_PORT,
    database: nonEmpty(flags.database, env.FEDCLOUD_HUB_DB) ?? defaultDatabasePath(env),
    issuerUrl: nonEmpty(flags.issuer, env.FEDCLOUD_HUB_ISSUER),
    admins: list(admins),
    audience: list(nonEmpty(flags.audience, env.FEDCLOUD_HUB_AUDIENCE) ?? DEFAULT_AUDIENCE),
    historyCount:
      nonEmpty(flags.historyCount, env.FEDCLOUD_HUB_HISTORY_COUNT) ??
      DEFAULT_INFO_POLICY.historyCount,
    historyDays:
      nonEmpty(flags.historyDays, env.FEDCLOUD_HUB_HISTORY_DAYS) ?? DEFAULT_INFO_POLICY.historyDays,
    publishesPerMinute:
      nonEmpty(flags.publishRate, env.FEDCLOUD_HUB_PUBLISH_RATE) ??
      DEFAULT_INFO_POLICY.publishesPerMinute,
    caFile: nonEmpty(flags.caFile, env.FEDCLOUD_HUB_CA_FILE),
    publicUrl: nonEmpty(flags.publicUrl, env.FEDCLOUD_HUB_PUBLIC_URL),
  };
  const tlsCert = nonEmpty(flags.tlsCert, env.FEDCLOUD_HUB_TLS_CERT);
  const tlsKey = nonEmpty(flags.tlsKey, env.FEDCLOUD_HUB_TLS_KEY);
  if ((tlsCert === undefined) !== (tlsKey === undefined)) {
    throw new HubError(
      'BAD_REQUEST',
      '--tls-cert / FEDCLOUD_HUB_TLS_CERT and --tls-key / FEDCLOUD_HUB_TLS_KEY go together: give both or neither',
    );
  }
  const trustedCa = nonEmpty(flags.trustedCa, env.FEDCLOUD_HUB_TRUSTED_CA);
  const parsed = settingsSchema.safeParse(input);
  if (!parsed.success) {
    throw new HubError('BAD_REQUEST', parsed.error.issues.map((i) => i.message).join('; '));
  }
  const s = parsed.data;
  return {
    host: s.host,
    port: s.port,
    database: s.database,
    admins: s.admins,
    audience: s.audience,
    info: {
      historyCount: s.historyCount,
      historyDays: s.historyDays,
      publishesPerMinute: s.publishesPerMinute,
    },
    ...(s.issuerUrl ? { issuerUrl: s.issuerUrl } : {}),
    ...(s.caFile ? { caFile: s.caFile } : {}),
    ...(s.publicUrl ? { publicUrl: s.publicUrl.replace(/\/+$/, '') } : {}),
    ...(trustedCa ? { trustedCa } : {}),
    ...(tlsCert && tlsKey ? { tls: { certFile: tlsCert, keyFile: tlsKey } } : {}),
  };
}

/** True for a PostgreSQL URL; anything else is an SQLite file. */
export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//.test(database);
}
