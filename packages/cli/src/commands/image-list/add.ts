import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { FedcloudError } from '@fedcloud/sdk/errors';
import { addImage, type ImageEntry, type ImageList, listVersion } from '@fedcloud/sdk/image-list';
import type { Runtime } from '../../runtime.js';
import { digestImage, type ImageDigest } from './digest.js';
import type { EditResult } from './edit-result.js';
import { imageFormat, isUrl, parseExpiry, parseIdentifier, parseProperties } from './input.js';
import { readListFile, writeListFile } from './list-file.js';
import { digestReporter } from './progress.js';

export interface AddFlags {
  title: string;
  identifier?: string;
  /** --image-version: `hv:version` of the image. */
  imageVersion?: string;
  format?: string;
  description?: string;
  /** Where sites download the image; the URL argument by default. */
  uri?: string;
  os: string;
  osName?: string;
  osVersion?: string;
  arch: string;
  hypervisor: string;
  group: string;
  comments?: string;
  expires?: string;
  mpuri?: string;
  property?: string[];
}

/** An image with no --expires: kept until the VO removes it (atrope expires one without a date). */
const IMAGE_NEVER_EXPIRES = '2499-12-31T22:00:00Z';

/** Everything about the new entry that needs no reading of the image: checked first. */
export interface ImagePlan {
  identifier: string;
  /** Whether an image of the list is replaced (same identifier): a new version of it. */
  replaces: boolean;
  format: string;
  uri: string;
  properties: Record<string, string>;
  expires: string;
}

/**
 * The entry's identifier: --identifier, else the one of the list's image with this title (a new
 * version of it), else a new UUID. Two images with the title need --identifier.
 */
function chooseIdentifier(list: ImageList, flags: AddFlags): { id: string; replaces: boolean } {
  const images = list['hv:images'].map((entry) => entry['hv:image']);
  if (flags.identifier !== undefined) {
    const id = parseIdentifier(flags.identifier);
    return { id, replaces: images.some((image) => image['dc:identifier'] === id) };
  }
  const titled = images.filter((image) => image['dc:title'] === flags.title);
  if (titled.length > 1) {
    throw new FedcloudError(
      'USAGE',
      `${titled.length} images of the list are titled ${JSON.stringify(flags.title)}`,
      {
        hint: 'Name the one to replace with --identifier (`fedcloud image-list show` lists them).',
      },
    );
  }
  return titled[0]
    ? { id: titled[0]['dc:identifier'], replaces: true }
    : { id: randomUUID(), replaces: false };
}

/** Checks the flags against the list before any byte of the image is read. */
export function planImage(list: ImageList, source: string, flags: AddFlags, now: Date): ImagePlan {
  if (!flags.title.trim()) throw new FedcloudError('USAGE', '--title is empty');
  const format = imageFormat(source, flags.format);
  let uri = flags.uri ?? (isUrl(source) ? source : undefined);
  if (uri === undefined) {
    throw new FedcloudError('USAGE', `--uri is missing: where do sites download ${source}?`, {
      hint: 'Give --uri https://… with the URL the image is served at (or give that URL instead of the file).',
    });
  }
  try {
    uri = new URL(uri).toString();
  } catch {
    throw new FedcloudError('USAGE', `--uri must be a URL, not "${uri}"`);
  }
  const { id, replaces } = chooseIdentifier(list, flags);
  return {
    identifier: id,
    replaces,
    format,
    uri,
    properties: parseProperties(flags.property),
    expires:
      flags.expires === undefined
        ? IMAGE_NEVER_EXPIRES
        : `${parseExpiry(flags.expires, now).toISOString().slice(0, 19)}Z`,
  };
}

/**
 * The HEPiX entry, every attribute atrope requires (IMAGE_REQUIRED) filled: the ones about the
 * VO's people default to the list's endorser, the marketplace URI to the image's own.
 */
export function imageEntry(
  list: ImageList,
  flags: AddFlags,
  plan: ImagePlan,
  digest: ImageDigest,
  now: Date,
): ImageEntry {
  const endorser = list['hv:endorser']['hv:x509'];
  return {
    'dc:identifier': plan.identifier,
    'dc:title': flags.title.trim(),
    'dc:description': flags.description ?? flags.title.trim(),
    'ad:group': flags.group,
    'ad:mpuri': flags.mpuri ?? plan.uri,
    'ad:user:fullname': endorser['dc:creator'],
    'ad:user:guid': endorser['hv:email'],
    'ad:user:uri': `mailto:${endorser['hv:email']}`,
    'hv:uri': plan.uri,
    'hv:format': plan.format,
    'hv:size': String(digest.size),
    'sl:checksum:sha512': digest.sha512,
    'hv:hypervisor': flags.hypervisor,
    'hv:version': flags.imageVersion ?? listVersion(now),
    'dc:date:expires': plan.expires,
    'sl:arch': flags.arch,
    'sl:os': flags.os,
    'sl:osname': flags.osName ?? '',
    'sl:osversion': flags.osVersion ?? '',
    'sl:comments': flags.comments ?? '',
    ...plan.properties,
  };
}

/**
 * Adds the image (a file or an http(s) URL, read as a stream for its size and SHA-512) to the
 * list file, or replaces the entry with its identifier; the list gets a new version (edit.ts).
 */
export async function addToList(
  runtime: Pick<Runtime, 'fetch' | 'timeoutMs' | 'ctx'>,
  flags: AddFlags,
  file: string,
  source: string,
  now = new Date(),
): Promise<EditResult> {
  const { list } = await readListFile(file);
  const plan = planImage(list, source, flags, now);
  const progress = await digestReporter(
    runtime.ctx,
    isUrl(source) ? new URL(source).pathname.split('/').pop() || source : basename(source),
  );
  let digest: ImageDigest;
  try {
    digest = await digestImage(runtime, source, progress.update);
  } finally {
    progress.stop();
  }
  const image = imageEntry(list, flags, plan, digest, now);
  const next = addImage(list, image, now);
  await writeListFile(file, next, { replace: true });
  return { action: plan.replaces ? 'replaced' : 'added', file, list: next, image };
}
