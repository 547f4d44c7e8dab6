import type { MiddlewareHandler } from 'hono';
import { HubError } from '../errors.js';

/**
 * C0 controls but TAB, LF and CR, DEL, and C1 controls. Nothing a person types; a NUL in a text
 * column is stored raw by SQLite and is an error in PostgreSQL, and terminals act on escapes
 * when an operator lists the registry. Refused at the edge, the same on both databases.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** The JSONPath-like location of the first string (key or value) holding one, if any. */
export function findControlCharacter(value: unknown, path = '$'): string | undefined {
  if (typeof value === 'string') return FORBIDDEN.test(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findControlCharacter(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (FORBIDDEN.test(key)) return `${path} (a key)`;
      const found = findControlCharacter(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

/** @throws HubError BAD_REQUEST naming where the control character is */
export function refuseControlCharacters(value: unknown, what: string): void {
  const at = findControlCharacter(value);
  if (at === undefined) return;
  throw new HubError(
    'BAD_REQUEST',
    `${what} holds a control character at ${at}; text fields take printable characters, tabs and line breaks only`,
    { issues: [{ path: at, message: 'control character' }] },
  );
}

/** The same for the path and query, decoded (a %00 in a site name is a NUL). */
export const refuseControlCharactersInUrl: MiddlewareHandler = async (c, next) => {
  const url = new URL(c.req.url);
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    throw new HubError('BAD_REQUEST', 'the request path is not valid percent-encoded UTF-8');
  }
  if (FORBIDDEN.test(decoded)) {
    throw new HubError('BAD_REQUEST', 'the request path holds a control character');
  }
  for (const [key, value] of url.searchParams) {
    if (FORBIDDEN.test(key) || FORBIDDEN.test(value)) {
      throw new HubError(
        'BAD_REQUEST',
        `the query parameter ${JSON.stringify(key.replace(FORBIDDEN, '?'))} holds a control character`,
      );
    }
  }
  await next();
};
