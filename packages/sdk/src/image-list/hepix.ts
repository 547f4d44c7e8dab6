import { FedcloudError } from '../errors.js';

/**
 * The HEPiX image list (vmcatcher's format, AppDB's endorsed lists): JSON under `hv:imagelist`,
 * every value a string. Keys keep their wire names inside, because a list must survive a parse
 * and a render unchanged, and because image sync publishes every attribute to Glance as is.
 */
export interface Endorser {
  'dc:creator': string;
  'hv:ca': string;
  'hv:dn': string;
  'hv:email': string;
}

/** One image entry: the known keys typed, any other string attribute kept. */
export interface ImageEntry {
  'dc:identifier': string;
  'dc:title': string;
  'dc:description': string;
  'hv:uri': string;
  'hv:format': string;
  'hv:size': string;
  'sl:checksum:sha512': string;
  'hv:version': string;
  [key: string]: string;
}

export interface ImageList {
  'dc:identifier': string;
  'dc:title': string;
  'dc:description': string;
  'dc:source': string;
  'dc:date:created': string;
  'dc:date:expires': string;
  'hv:uri': string;
  'hv:version': string;
  'hv:endorser': { 'hv:x509': Endorser };
  'hv:images': { 'hv:image': ImageEntry }[];
  /** Other list-level attributes (`ad:vo`, …), strings as on the wire. */
  [key: string]: unknown;
}

/** What atrope requires of a list (atrope/image_list/hepix.py). */
export const LIST_REQUIRED = [
  'dc:date:created',
  'dc:date:expires',
  'hv:endorser',
  'dc:identifier',
  'dc:description',
  'dc:title',
  'hv:images',
  'dc:source',
  'hv:version',
  'hv:uri',
] as const;

export const ENDORSER_REQUIRED = ['dc:creator', 'hv:ca', 'hv:dn', 'hv:email'] as const;

/**
 * What atrope requires of an image (atrope/image.py HepixImage): a list whose images lack one
 * of these is refused by the sites that run atrope, so we refuse to build or accept it.
 */
export const IMAGE_REQUIRED = [
  'ad:group',
  'ad:mpuri',
  'ad:user:fullname',
  'ad:user:guid',
  'ad:user:uri',
  'dc:description',
  'dc:identifier',
  'dc:title',
  'hv:hypervisor',
  'hv:format',
  'hv:size',
  'hv:uri',
  'hv:version',
  'sl:arch',
  'sl:checksum:sha512',
  'sl:comments',
  'sl:os',
  'sl:osname',
  'sl:osversion',
] as const;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function invalid(problems: string[]): FedcloudError {
  const shown = problems.slice(0, 5).join('; ');
  const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
  return new FedcloudError('IMAGE_LIST_INVALID', `not a valid HEPiX image list: ${shown}${more}`, {
    details: { problems },
  });
}

/** Every problem of the list, in document order; empty when it is valid. */
export function imageListProblems(list: unknown): string[] {
  if (!isObject(list)) return ['the list is not a JSON object'];
  const problems: string[] = [];
  for (const key of LIST_REQUIRED) {
    if (!(key in list)) problems.push(`${key} is missing`);
  }
  for (const [key, value] of Object.entries(list)) {
    if (key === 'hv:endorser' || key === 'hv:images') continue;
    if (typeof value !== 'string') problems.push(`${key} must be a string`);
  }
  for (const key of ['dc:date:created', 'dc:date:expires'] as const) {
    const value = list[key];
    if (typeof value === 'string' && Number.isNaN(Date.parse(value))) {
      problems.push(`${key} is not a date: ${JSON.stringify(value)}`);
    }
  }
  const endorser = list['hv:endorser'];
  if ('hv:endorser' in list) {
    const x509 = isObject(endorser) ? endorser['hv:x509'] : undefined;
    if (!isObject(x509)) {
      problems.push('hv:endorser must hold an hv:x509 object');
    } else {
      for (const key of ENDORSER_REQUIRED) {
        if (typeof x509[key] !== 'string') problems.push(`hv:endorser: ${key} is missing`);
      }
    }
  }
  const images = list['hv:images'];
  if ('hv:images' in list && !Array.isArray(images)) problems.push('hv:images must be a list');
  const seen = new Set<string>();
  for (const [index, item] of (Array.isArray(images) ? images : []).entries()) {
    const image = isObject(item) ? item['hv:image'] : undefined;
    const where = `image ${index + 1}`;
    if (!isObject(image)) {
      problems.push(`${where}: must be {"hv:image": {…}}`);
      continue;
    }
    const id = typeof image['dc:identifier'] === 'string' ? image['dc:identifier'] : '';
    const named = id ? `${where} (${id})` : where;
    for (const key of IMAGE_REQUIRED) {
      if (!(key in image)) problems.push(`${named}: ${key} is missing`);
    }
    for (const [key, value] of Object.entries(image)) {
      if (typeof value !== 'string') problems.push(`${named}: ${key} must be a string`);
    }
    const size = image['hv:size'];
    if (typeof size === 'string' && !/^\d+$/.test(size)) {
      problems.push(
        `${named}: hv:size must be a whole number of bytes, not ${JSON.stringify(size)}`,
      );
    }
    const sha512 = image['sl:checksum:sha512'];
    if (typeof sha512 === 'string' && !/^[0-9a-f]{128}$/i.test(sha512)) {
      problems.push(`${named}: sl:checksum:sha512 must be 128 hex digits`);
    }
    if (id && seen.has(id)) problems.push(`${named}: dc:identifier appears twice`);
    seen.add(id);
  }
  return problems;
}

/** Parses the list's JSON (the content of a signed list); throws IMAGE_LIST_INVALID. */
export function parseImageList(text: string): ImageList {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw invalid([`not JSON (${error instanceof Error ? error.message : String(error)})`]);
  }
  const list = isObject(document) ? document['hv:imagelist'] : undefined;
  if (!isObject(list)) throw invalid(['the document has no "hv:imagelist" object']);
  const problems = imageListProblems(list);
  if (problems.length > 0) throw invalid(problems);
  return list as ImageList;
}

/** The list as JSON text, as AppDB serves it: `{"hv:imagelist": …}`, two-space indented. */
export function renderImageList(list: ImageList): string {
  const problems = imageListProblems(list);
  if (problems.length > 0) throw invalid(problems);
  return `${JSON.stringify({ 'hv:imagelist': list }, null, 2)}\n`;
}
