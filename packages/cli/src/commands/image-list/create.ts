import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { normalizeHubUrl } from '@fedcloud/sdk';
import { FedcloudError } from '@fedcloud/sdk/errors';
import { hubApiUrl } from '@fedcloud/sdk/hub';
import { newImageList } from '@fedcloud/sdk/image-list';
import { certificateNames } from '@fedcloud/sdk/smime';
import type { EditResult } from './edit-result.js';
import {
  type EndorserFlags,
  endorserFrom,
  parseExpiry,
  parseIdentifier,
  parseVo,
} from './input.js';
import { unreadable, writeListFile } from './list-file.js';

export interface CreateFlags extends EndorserFlags {
  vo?: string;
  endorserCert?: string;
  title?: string;
  description?: string;
  uri?: string;
  source?: string;
  /** --hub / FEDCLOUD_HUB: where the list will be published, for the default --uri. */
  hub?: string;
  expires: string;
  identifier?: string;
  force?: boolean;
}

/** Subject and issuer of the endorser's certificate, as the list must name them. */
async function certificateDns(file: string): Promise<{ subjectDn: string; issuerDn: string }> {
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (error) {
    throw unreadable(file, error, 'certificate');
  }
  try {
    return certificateNames(new X509Certificate(pem).raw);
  } catch (cause) {
    throw new FedcloudError('USAGE', `${file} is not a PEM certificate`, { cause });
  }
}

/** Where the list will be served (`hv:uri`): --uri, else the hub's URL for the VO's list. */
function listUri(flags: CreateFlags, vo: string): string {
  if (flags.uri !== undefined) {
    try {
      return new URL(flags.uri).toString();
    } catch {
      throw new FedcloudError('USAGE', `--uri must be a URL, not "${flags.uri}"`);
    }
  }
  const hub = flags.hub?.trim();
  if (!hub) {
    throw new FedcloudError('USAGE', '--uri is missing: where will the list be served?', {
      hint: 'Give --uri, or --hub (FEDCLOUD_HUB) to have the hub serve it at /api/v1/vos/<vo>/image-list.',
    });
  }
  return hubApiUrl(normalizeHubUrl(hub), `/api/v1/vos/${encodeURIComponent(vo)}/image-list`);
}

/** A new list with no images, endorsed for the VO by the named endorser, written to `file`. */
export async function createList(
  flags: CreateFlags,
  file: string,
  now = new Date(),
): Promise<EditResult> {
  const vo = parseVo(flags.vo);
  const names = flags.endorserCert ? await certificateDns(flags.endorserCert) : undefined;
  const endorser = endorserFrom(flags, vo, names);
  const uri = listUri(flags, vo);
  const list = newImageList({
    title: flags.title?.trim() || `${vo} images`,
    ...(flags.description ? { description: flags.description } : {}),
    vo,
    uri,
    ...(flags.source ? { source: flags.source } : {}),
    endorser,
    expires: parseExpiry(flags.expires, now),
    ...(flags.identifier === undefined ? {} : { identifier: parseIdentifier(flags.identifier) }),
    now,
  });
  await writeListFile(file, list, { replace: flags.force === true });
  return { action: 'created', file, list };
}
