/**
 * Credentials must never reach an error, a log line or a stack trace. Headers are redacted by
 * name, URL query parameters by a name pattern, and the literal secret values a request used are
 * scrubbed from any text (Keystone echoes a token id in "Could not find token: <id>").
 */

export const REDACTED = '<redacted>';

const SECRET_HEADERS = new Set([
  'x-auth-token',
  'x-subject-token',
  'x-service-token',
  // Vault's token header: the secret store's calls go through the same transport.
  'x-vault-token',
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
]);

const SECRET_QUERY = /token|password|passwd|secret|signature|^sig$|credential/i;

/** Shorter "secrets" are not scrubbed so that a stray one-letter value cannot garble messages. */
const MIN_SECRET_LENGTH = 6;

function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase());
}

export function redactHeaders(headers: Headers | Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  // undici 7's Headers (what our fetch returns) is not Node's global Headers class, so test for
  // the method rather than the class: a plain record has no entries() of its own.
  const entries: Iterable<[string, string]> =
    typeof (headers as Partial<Headers>).entries === 'function'
      ? (headers as Headers).entries()
      : Object.entries(headers as Record<string, string>);
  for (const [name, value] of entries) {
    out[name.toLowerCase()] = isSecretHeader(name) ? REDACTED : value;
  }
  return out;
}

export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.password) parsed.password = REDACTED;
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_QUERY.test(name)) parsed.searchParams.set(name, REDACTED);
  }
  return parsed.toString();
}

/** The credential part of header values (`Bearer abc` → `abc`), for scrubbing. */
export function secretsFromHeaders(headers: Headers | Record<string, string>): string[] {
  const out: string[] = [];
  const entries = headers instanceof Headers ? headers.entries() : Object.entries(headers);
  for (const [name, value] of entries) {
    if (!isSecretHeader(name)) continue;
    out.push(value);
    const scheme = /^\s*\w+\s+(\S+)\s*$/.exec(value);
    if (scheme?.[1]) out.push(scheme[1]);
  }
  return out;
}

export function scrubText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** Deep copy of a JSON-like value with every string scrubbed. */
export function scrubValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return scrubText(value, secrets);
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, secrets));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = isSecretHeader(key) ? REDACTED : scrubValue(item, secrets);
    }
    return out;
  }
  return value;
}
