import { randomUUID } from 'node:crypto';
import { FedcloudError } from '../errors.js';
import type { Endorser, ImageEntry, ImageList } from './hepix.js';

export interface NewListInput {
  title: string;
  description?: string;
  /** The VO endorsing the list (`ad:vo`). */
  vo: string;
  /** Where the list will be served (`hv:uri`). */
  uri: string;
  /** Where it comes from (`dc:source`); default the URI. */
  source?: string;
  endorser: Endorser;
  /** `dc:date:expires`. */
  expires: Date;
  identifier?: string;
  now: Date;
}

/** `hv:version` as AppDB writes it: the creation time, YYYYMMDDhhmmss in UTC. */
export function listVersion(at: Date): string {
  return at.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** An ISO time without milliseconds, as HEPiX lists carry them. */
function hepixTime(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}

export function newImageList(input: NewListInput): ImageList {
  if (input.expires.getTime() <= input.now.getTime()) {
    throw new FedcloudError('USAGE', `the list would expire at once (${hepixTime(input.expires)})`);
  }
  return {
    'dc:identifier': input.identifier ?? randomUUID(),
    'dc:title': input.title,
    'dc:description': input.description ?? input.title,
    'dc:source': input.source ?? input.uri,
    'dc:date:created': hepixTime(input.now),
    'dc:date:expires': hepixTime(input.expires),
    'ad:vo': input.vo,
    'hv:uri': input.uri,
    'hv:version': listVersion(input.now),
    'hv:endorser': { 'hv:x509': input.endorser },
    'hv:images': [],
  };
}

/** A new version of the list: created now, its version the new time. */
function revised(list: ImageList, images: ImageList['hv:images'], now: Date): ImageList {
  return {
    ...list,
    'dc:date:created': hepixTime(now),
    'hv:version': listVersion(now),
    'hv:images': images,
  };
}

/**
 * Adds an image, or replaces the one with the same `dc:identifier` (a new version of the image),
 * keeping the others in their order.
 */
export function addImage(list: ImageList, image: ImageEntry, now: Date): ImageList {
  const id = image['dc:identifier'];
  const images = list['hv:images'];
  const at = images.findIndex((entry) => entry['hv:image']['dc:identifier'] === id);
  const next =
    at === -1
      ? [...images, { 'hv:image': image }]
      : images.map((entry, index) => (index === at ? { 'hv:image': image } : entry));
  return revised(list, next, now);
}

/** Removes the image with this identifier (or title, when only one has it); throws NOT_FOUND. */
export function removeImage(list: ImageList, idOrTitle: string, now: Date): ImageList {
  const images = list['hv:images'];
  let matches = images.filter((entry) => entry['hv:image']['dc:identifier'] === idOrTitle);
  if (matches.length === 0) {
    matches = images.filter((entry) => entry['hv:image']['dc:title'] === idOrTitle);
  }
  if (matches.length === 0) {
    throw new FedcloudError('NOT_FOUND', `no image ${JSON.stringify(idOrTitle)} in the list`);
  }
  if (matches.length > 1) {
    throw new FedcloudError(
      'USAGE',
      `${matches.length} images are titled ${JSON.stringify(idOrTitle)}: name one by its identifier`,
    );
  }
  return revised(
    list,
    images.filter((entry) => entry !== matches[0]),
    now,
  );
}
