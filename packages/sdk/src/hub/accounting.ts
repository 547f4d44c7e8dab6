import { networkReason } from '@fedcloud/openstack';
import { z } from 'zod';
import { isTlsTrustFailure, TLS_TRUST_HINT } from '../auth/hints.js';
import { FedcloudError } from '../errors.js';
import { callHub, type HubAnswer, hubError } from './api.js';

/**
 * The hub's accounting reads (`/api/v1/accounting/…`, the APEL repository's portal role) as a
 * client calls them: usage summed per group, the per-site table, the APEL summary export. The
 * answers are checked against the shapes below, and every refusal becomes a FedcloudError that
 * says what to do (a token, a role, a narrower query).
 */

/** What usage can be grouped by, in the hub's words (`groupBy=`). */
export const ACCOUNTING_DIMENSIONS = [
  'site',
  'vo',
  'user',
  'month',
  'status',
  'image',
  'cpu',
] as const;
export type AccountingDimension = (typeof ACCOUNTING_DIMENSIONS)[number];

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Whether a string is a month as the hub reads it: YYYY-MM. */
export function isAccountingMonth(text: string): boolean {
  return MONTH.test(text);
}

export interface AccountingConnection {
  /** The hub's base URL, normalised (normalizeHubUrl). */
  hubUrl: string;
  /** A fetch on the caller's transport, so the hub's CA is trusted. */
  fetch: typeof fetch;
  /** Sent as a bearer token when given: restricted views need one, public totals do not. */
  token?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface AccountingUsageQuery {
  site?: string;
  vo?: string;
  /** GlobalUserName: for a federated user the token's `sub`. */
  user?: string;
  /** YYYY-MM, both included. */
  from?: string;
  to?: string;
  groupBy?: readonly AccountingDimension[];
}

const usageRowSchema = z.object({
  site: z.string().optional(),
  vo: z.string().optional(),
  user: z.string().optional(),
  month: z.string().optional(),
  status: z.string().optional(),
  image: z.string().optional(),
  cpuCount: z.number().optional(),
  wallSeconds: z.number(),
  wallHours: z.number(),
  cpuSeconds: z.number(),
  cpuHours: z.number(),
  /** VM-months: a VM counts once in every month (and group) it has a record in. */
  vms: z.number(),
  memoryMb: z.number(),
  diskGb: z.number(),
});

const usageSchema = z.object({
  groupBy: z.array(z.enum(ACCOUNTING_DIMENSIONS)),
  from: z.string().nullable(),
  to: z.string().nullable(),
  rows: z.array(usageRowSchema),
});

const siteSchema = z.object({
  site: z.string(),
  registered: z.boolean(),
  records: z.number(),
  vms: z.number(),
  batches: z.number(),
  recordsReceived: z.number(),
  lastReceivedAt: z.string().nullable(),
  lastBatchAt: z.string().nullable(),
  latestMeasurement: z.string().nullable(),
});

/** One group's usage; only the dimensions grouped by are present. */
export type AccountingUsageRow = z.infer<typeof usageRowSchema>;
export type AccountingUsage = z.infer<typeof usageSchema>;
/** One site of the repository: its counts and when its last record arrived. */
export type AccountingSiteEntry = z.infer<typeof siteSchema>;

/** `GET /api/v1/accounting/usage`: sums of the summaries, one row per group. */
export async function readAccountingUsage(
  connection: AccountingConnection,
  query: AccountingUsageQuery,
): Promise<AccountingUsage> {
  const params = new URLSearchParams();
  for (const key of ['site', 'vo', 'user', 'from', 'to'] as const) {
    const value = query[key];
    if (value !== undefined) params.set(key, value);
  }
  if (query.groupBy && query.groupBy.length > 0) params.set('groupBy', query.groupBy.join(','));
  const answer = await get(connection, '/api/v1/accounting/usage', params, 'read usage');
  return parsed(connection, answer, usageSchema, 'usage');
}

/** `GET /api/v1/accounting/sites`: every site the repository knows, by name. */
export async function readAccountingSites(
  connection: AccountingConnection,
): Promise<AccountingSiteEntry[]> {
  const answer = await get(
    connection,
    '/api/v1/accounting/sites',
    new URLSearchParams(),
    'list the accounting sites',
  );
  return parsed(connection, answer, z.array(siteSchema), 'site list');
}

/**
 * `GET /api/v1/accounting/export`: the summaries as one APEL-cloud-summary-message v0.4, with
 * how many it holds (the hub's `x-summary-count`).
 */
export async function readAccountingExport(
  connection: AccountingConnection,
  query: Pick<AccountingUsageQuery, 'site' | 'from' | 'to'>,
): Promise<{ text: string; count: number }> {
  const params = new URLSearchParams();
  for (const key of ['site', 'from', 'to'] as const) {
    const value = query[key];
    if (value !== undefined) params.set(key, value);
  }
  const answer = await get(connection, '/api/v1/accounting/export', params, 'export the summaries');
  const count = Number(answer.headers.get('x-summary-count') ?? Number.NaN);
  if (!answer.text.startsWith('APEL-cloud-summary-message:')) {
    throw notAnAccountingHub(connection.hubUrl, 'answered the export with no summary message');
  }
  return { text: answer.text, count: Number.isFinite(count) ? count : 0 };
}

async function get(
  connection: AccountingConnection,
  path: string,
  params: URLSearchParams,
  what: string,
): Promise<HubAnswer> {
  const query = params.toString();
  let answer: HubAnswer;
  try {
    answer = await callHub({
      hubUrl: connection.hubUrl,
      path: query ? `${path}?${query}` : path,
      fetch: connection.fetch,
      ...(connection.token === undefined ? {} : { token: connection.token }),
      ...(connection.timeoutMs === undefined ? {} : { timeoutMs: connection.timeoutMs }),
      signal: connection.signal,
    });
  } catch (error) {
    if (connection.signal?.aborted) throw error;
    const reason = networkReason(error);
    throw new FedcloudError(
      'SITE_UNREACHABLE',
      `cannot ${what}: the hub ${connection.hubUrl} is unreachable (${reason})`,
      {
        hint: isTlsTrustFailure(reason)
          ? TLS_TRUST_HINT
          : 'Check that the hub is up and that --hub / FEDCLOUD_HUB names it.',
        cause: error,
        details: { hub: connection.hubUrl },
      },
    );
  }
  if (answer.status >= 200 && answer.status < 300) return answer;
  throw refusal(connection, answer, path, what);
}

function refusal(
  connection: AccountingConnection,
  answer: HubAnswer,
  path: string,
  what: string,
): FedcloudError {
  const { message } = hubError(answer.text);
  const hub = connection.hubUrl;
  const details = { hub, status: answer.status };
  const said = message ? `: ${message}` : '';
  switch (answer.status) {
    case 400:
      return new FedcloudError('USAGE', `the hub refused the query${said}`, { details });
    case 401:
      // No token sent: the query needs one. A token sent: the hub does not accept it.
      return connection.token === undefined
        ? new FedcloudError('TOKEN_MISSING', `the hub ${hub} wants a token to ${what}${said}`, {
            hint: `${ROLE_HINT} Without a token, group by site, vo and month only.`,
            details,
          })
        : new FedcloudError('TOKEN_INVALID', `the hub ${hub} refused the access token${said}`, {
            hint: "Get a new access token of the federation's issuer (`fedcloud token check` inspects the one in use).",
            details,
          });
    case 403:
      return new FedcloudError('TOKEN_INVALID', `the hub ${hub} refused to ${what}${said}`, {
        hint: ROLE_HINT,
        details,
      });
    case 404:
      return notAnAccountingHub(hub, `has no accounting API (HTTP 404 for ${path})`);
    default:
      if (answer.status >= 500 || answer.status === 408 || answer.status === 429) {
        return new FedcloudError(
          'SITE_UNREACHABLE',
          `cannot ${what}: the hub ${hub} answered HTTP ${answer.status}${said}`,
          { hint: 'The hub is up but failing; try again later.', details },
        );
      }
      return notAnAccountingHub(hub, `answered HTTP ${answer.status}${said}`);
  }
}

const ROLE_HINT =
  'Per-user, status, image and CPU-count usage is shown to whoever answers for it: a site-admin of the ' +
  'site (--site), a VO manager of the VO (--vo), the user themself (--user <your sub>, or --mine), ' +
  'or a federation-admin. The export needs site-admin of --site, or federation-admin.';

function notAnAccountingHub(hub: string, what: string): FedcloudError {
  return new FedcloudError('SITE_CONFIG_INVALID', `the hub ${hub} ${what}`, {
    hint: `Is ${hub} a fedcloud hub (it serves /api/v1/accounting/usage)? EGI's cloud-info API has no accounting; check --hub / FEDCLOUD_HUB.`,
    details: { hub },
  });
}

function parsed<T>(
  connection: AccountingConnection,
  answer: HubAnswer,
  schema: z.ZodType<T>,
  what: string,
): T {
  let data: unknown;
  try {
    data = JSON.parse(answer.text);
  } catch {
    throw notAnAccountingHub(connection.hubUrl, `did not answer with a JSON ${what}`);
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.map(String).join('.')}` : '';
    throw notAnAccountingHub(
      connection.hubUrl,
      `answered an unexpected ${what}${where}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return result.data;
}
