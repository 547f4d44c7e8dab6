import type { Context } from 'hono';

/** Vault's logical operations, which policies and handlers are written against. */
type Operation = 'read' | 'list' | 'update' | 'delete';

export interface LogicalRequest {
  operation: Operation;
  /** After `/v1/`, decoded; a list always ends with `/`. */
  path: string;
  /** Body (update) or query (read, list, delete) parameters; undefined when none. */
  data: Record<string, unknown> | undefined;
  /** X-Vault-Token, else an `Authorization: Bearer` token; empty when none. */
  token: string;
}

export type BuildOutcome =
  { ok: true; request: LogicalRequest } | { ok: false; status: 400 | 404 | 405; errors: string[] };

/**
 * What Vault's HTTP layer makes of a request (http/logical.go buildLogicalRequestNoAuth): the
 * method gives the operation (`LIST` and `GET ?list=true` both list), POST and PUT bodies are JSON,
 * or a form when sent as one and not starting like JSON, which is how fedcloudclient writes to
 * lockers (`requests.post(url, data=dict)`).
 */
export async function buildLogicalRequest(c: Context): Promise<BuildOutcome> {
  const url = new URL(c.req.url);
  let path: string;
  try {
    path = decodeURIComponent(url.pathname.slice('/v1/'.length));
  } catch {
    return { ok: false, status: 400, errors: [] };
  }
  const query = queryData(url.searchParams);
  let operation: Operation;
  let data: Record<string, unknown> | undefined;
  switch (c.req.method) {
    case 'GET': {
      const list = url.searchParams.get('list');
      const listing = list !== null && list !== '' ? parseGoBool(list) : false;
      if (listing === undefined) return { ok: false, status: 400, errors: [] };
      operation = listing ? 'list' : 'read';
      if (listing) delete query?.list;
      data = query;
      break;
    }
    case 'LIST':
      operation = 'list';
      data = query;
      break;
    case 'DELETE':
      operation = 'delete';
      data = query;
      break;
    case 'POST':
    case 'PUT': {
      operation = 'update';
      const body = await readBody(c);
      if (!body.ok) return { ok: false, status: 400, errors: [body.error] };
      data = body.data;
      break;
    }
    default:
      return { ok: false, status: 405, errors: [] };
  }
  if (operation === 'list' && !path.endsWith('/')) path += '/';
  return { ok: true, request: { operation, path, data, token: requestToken(c) } };
}

/** Vault's `requestAuth`: X-Vault-Token wins; a Bearer token stands in when there is none. */
function requestToken(c: Context): string {
  const header = c.req.header('x-vault-token');
  if (header) return header.trim();
  const authorization = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(authorization);
  return match ? match[1]!.trim() : '';
}

function queryData(params: URLSearchParams): Record<string, unknown> | undefined {
  const data: Record<string, unknown> = {};
  for (const key of new Set(params.keys())) {
    if (key === 'help') continue;
    const values = params.getAll(key);
    data[key] = values.length === 1 ? values[0] : values;
  }
  return Object.keys(data).length > 0 ? data : undefined;
}

async function readBody(
  c: Context,
): Promise<{ ok: true; data: Record<string, unknown> | undefined } | { ok: false; error: string }> {
  const text = await c.req.text();
  const contentType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const first = text.trimStart()[0];
  if (contentType === 'application/x-www-form-urlencoded' && first !== '{' && first !== '[') {
    const form = new URLSearchParams(text);
    const data: Record<string, unknown> = {};
    // Repeated fields are joined with commas, as Vault's parseFormRequest does.
    for (const key of new Set(form.keys())) data[key] = form.getAll(key).join(',');
    return { ok: true, data: Object.keys(data).length > 0 ? data : undefined };
  }
  if (text.trim() === '') return { ok: true, data: undefined };
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null) return { ok: true, data: undefined };
    if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    return { ok: true, data: parsed as Record<string, unknown> };
  } catch {
    return { ok: false, error: 'error parsing JSON' };
  }
}

/** strconv.ParseBool, which Vault uses for `?list=` and boolean parameters sent as text. */
export function parseGoBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}
