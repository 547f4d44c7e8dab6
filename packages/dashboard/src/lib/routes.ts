/** Pure path helpers of the router: app paths <-> browser paths, and app paths -> pages. */

/** Strips the base from a browser path; a path outside the base maps to itself. */
export function toAppPath(browserPath: string, base: string): string {
  if (base && (browserPath === base || browserPath.startsWith(`${base}/`))) {
    return browserPath.slice(base.length) || '/';
  }
  return browserPath || '/';
}

export function toBrowserPath(appPath: string, base: string): string {
  return `${base}${appPath.startsWith('/') ? appPath : `/${appPath}`}`;
}

export type Route =
  | { page: 'overview' }
  | { page: 'site'; name: string }
  | { page: 'vos' }
  | { page: 'vo'; name: string }
  | { page: 'vo-images'; name: string }
  | { page: 'accounting' }
  | { page: 'not-found'; path: string };

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a stray "%" in a hand-typed URL: match it literally
  }
}

/** Maps an (encoded) app path to a page; each segment is decoded on its own, so "%2F" stays in a name. */
export function matchRoute(path: string): Route {
  const segments = path
    .split('/')
    .filter((segment) => segment !== '')
    .map(decodeSegment);
  const [first, second, ...more] = segments;
  if (segments.length === 0) return { page: 'overview' };
  if (first === 'sites' && second !== undefined && more.length === 0) {
    return { page: 'site', name: second };
  }
  if (first === 'vos' && second === undefined) return { page: 'vos' };
  if (first === 'vos' && second !== undefined && more.length === 0)
    return { page: 'vo', name: second };
  if (first === 'vos' && second !== undefined && more.length === 1 && more[0] === 'images')
    return { page: 'vo-images', name: second };
  if (first === 'accounting' && second === undefined) return { page: 'accounting' };
  return { page: 'not-found', path: decodeSegment(path) };
}

export const sitePath = (name: string): string => `/sites/${encodeURIComponent(name)}`;
export const voPath = (name: string): string => `/vos/${encodeURIComponent(name)}`;
export const voImagesPath = (name: string): string => `${voPath(name)}/images`;
