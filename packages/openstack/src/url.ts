/** Query values as the OpenStack list APIs take them; arrays repeat the parameter (`fields=a&fields=b`). */
export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined;
export type Query = Readonly<Record<string, QueryValue>>;

/**
 * Join a catalogue endpoint and an API path. Catalogues differ on whether the version is part of
 * the endpoint (`http://glance:9292` vs `http://glance:9292/v2`, `http://keystone:5000/v3` vs
 * `http://keystone:5000`), so a version segment the endpoint already ends with is not repeated.
 * Absolute URLs are returned unchanged.
 */
export function joinUrl(base: string, path: string): string {
  if (/^https?:\/\//i.test(path)) return path;
  const root = base.replace(/\/+$/, '');
  let rest = path.startsWith('/') ? path : `/${path}`;
  const version = /\/(v\d+(?:\.\d+)?)$/.exec(root)?.[1];
  if (version) {
    const prefix = `/${version}`;
    const after = rest.slice(prefix.length);
    if (rest.startsWith(prefix) && (after === '' || /^[/?#]/.test(after))) rest = after;
  }
  return root + rest;
}

export function withQuery(url: string, query: Query | undefined): string {
  if (!query) return url;
  const parsed = new URL(url);
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const item of value as readonly (string | number)[])
        parsed.searchParams.append(name, String(item));
    } else {
      parsed.searchParams.append(name, String(value));
    }
  }
  return parsed.toString();
}

/** Path segment encoding for ids and names taken from callers (keypair names may contain spaces). */
export function segment(value: string): string {
  return encodeURIComponent(value);
}
