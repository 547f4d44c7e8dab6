import { readFile } from 'node:fs/promises';
import { normalizeHubUrl } from '@fedcloud/sdk';
import { FedcloudError } from '@fedcloud/sdk/errors';
import { callHub, type HubAnswer, hubApiUrl, hubError } from '@fedcloud/sdk/hub';
import { parseImageList } from '@fedcloud/sdk/image-list';
import { unverifiedSmimeContent } from '@fedcloud/sdk/smime';
import { z } from 'zod';
import type { OidcFlags } from '../../options.js';
import type { Runtime } from '../../runtime.js';
import { unreachable } from './http.js';
import { parseVo } from './input.js';
import { unreadable } from './list-file.js';

export interface PublishFlags extends OidcFlags {
  /** --hub, else FEDCLOUD_HUB (commander folds the variable in). */
  hub?: string;
  vo?: string;
  private?: boolean;
}

/** The hub's answer to a publication (hub: image-lists/store.ts summaryOf). */
const publishedSchema = z.object({
  vo: z.string(),
  identifier: z.string(),
  version: z.string(),
  title: z.string(),
  images: z.number(),
  endorser: z.object({ dn: z.string(), ca: z.string() }),
  expires: z.string(),
  public: z.boolean(),
  publishedAt: z.string(),
});

type PublishedList = z.infer<typeof publishedSchema>;

export interface PublishResult {
  /** Where sites subscribe: the hub's GET of the VO's list. */
  url: string;
  published: PublishedList;
}

export function publishHub(flags: Pick<PublishFlags, 'hub'>): string {
  const hub = flags.hub?.trim();
  if (!hub) {
    throw new FedcloudError('USAGE', 'No hub given: where should the list be published?', {
      hint: "Set FEDCLOUD_HUB (or give --hub) to the hub's base URL, e.g. https://hub.example.org.",
    });
  }
  return normalizeHubUrl(hub);
}

/**
 * The VO the list is published for: --vo, else the signed list's own `ad:vo`, read without
 * checking the signature (the hub checks it, as every site will). A file that is not signed
 * is refused here: the hub serves only signed lists.
 */
export function publicationVo(signed: Buffer, file: string, given: string | undefined): string {
  const content = unverifiedSmimeContent(signed);
  if (content === undefined) {
    throw new FedcloudError('USAGE', `${file} is not a signed list`, {
      hint: `Sign it first: fedcloud image-list sign ${file} --cert cert.pem --key key.pem -o ${file}.signed`,
    });
  }
  const listVo = parseImageList(content)['ad:vo'];
  const vo = given ?? (typeof listVo === 'string' ? listVo : undefined);
  if (vo === undefined) {
    throw new FedcloudError('USAGE', `${file} names no VO (ad:vo)`, { hint: 'Give --vo.' });
  }
  if (given !== undefined && typeof listVo === 'string' && listVo !== given) {
    throw new FedcloudError('USAGE', `${file} is endorsed for VO ${listVo} (ad:vo), not ${given}`);
  }
  return parseVo(vo);
}

/** The hub's refusal as the CLI's error: who may fix it and how. */
export function publishRefusal(
  status: number,
  text: string,
  where: { hub: string; vo: string },
): FedcloudError {
  const { message } = hubError(text);
  let reason: string | undefined;
  try {
    const body = JSON.parse(text) as { error?: { details?: { reason?: unknown } } };
    const found = body.error?.details?.reason;
    if (typeof found === 'string') reason = found;
  } catch {
    // not the hub's JSON
  }
  const said = message ? `: ${message}` : '';
  const details = { hub: where.hub, status };
  switch (status) {
    case 400:
    case 413:
    case 415:
      return new FedcloudError('IMAGE_LIST_INVALID', `the hub refused the list${said}`, {
        details,
      });
    case 401:
      return new FedcloudError(
        'TOKEN_INVALID',
        `the hub ${where.hub} refused the access token${said}`,
        {
          hint: "Get a new access token of the federation's issuer (`fedcloud token check` inspects the one in use).",
          details,
        },
      );
    case 403:
      // The list's signer (untrusted CA, not the endorser it names), or the caller's role.
      return reason
        ? new FedcloudError('IMAGE_LIST_UNTRUSTED', `the hub does not trust the list${said}`, {
            hint: 'The hub checks the list as a site would: `fedcloud image-list verify` with its CAs shows why.',
            details,
          })
        : new FedcloudError(
            'TOKEN_INVALID',
            `the hub refused to publish ${where.vo}'s list${said}`,
            {
              hint: `Publishing needs the vo-manager role for ${where.vo} on the hub; a federation admin grants it.`,
              details,
            },
          );
    case 404:
      return new FedcloudError('NOT_FOUND', `the hub ${where.hub} has no VO ${where.vo}${said}`, {
        hint: "Check --vo (or the list's ad:vo) and --hub / FEDCLOUD_HUB.",
        details,
      });
    case 409:
      return new FedcloudError('USAGE', `the hub holds a newer list${said}`, {
        hint: 'Edit the list (add or remove an image gives it a new version), sign and publish it again.',
        details,
      });
    default:
      return new FedcloudError(
        'SITE_UNREACHABLE',
        `cannot publish: the hub ${where.hub} answered HTTP ${status}${said}`,
        { hint: 'The hub is up but failing; try again later.', details },
      );
  }
}

/**
 * PUT /api/v1/vos/{vo}/image-list with the signed bytes as they are and the user's OIDC access
 * token (a VO manager's). The hub verifies the list as a site would and serves those bytes.
 */
export async function publishList(
  runtime: Pick<Runtime, 'fetch' | 'timeoutMs' | 'tokens'>,
  flags: PublishFlags,
  file: string,
): Promise<PublishResult> {
  const hub = publishHub(flags);
  let signed: Buffer;
  try {
    signed = await readFile(file);
  } catch (error) {
    throw unreadable(file, error, 'signed list');
  }
  const vo = publicationVo(signed, file, flags.vo?.trim() || undefined);
  const token = await runtime.tokens(flags).getAccessToken();
  const url = hubApiUrl(hub, `/api/v1/vos/${encodeURIComponent(vo)}/image-list`);
  const visibility = flags.private ? 'private' : 'public';
  let answer: HubAnswer;
  try {
    answer = await callHub({
      hubUrl: hub,
      path: `/api/v1/vos/${encodeURIComponent(vo)}/image-list?visibility=${visibility}`,
      method: 'PUT',
      token,
      // S/MIME is text; the hub stores the body's bytes unchanged whatever the type says.
      body: signed,
      contentType: 'text/plain',
      fetch: runtime.fetch,
      timeoutMs: runtime.timeoutMs,
    });
  } catch (error) {
    throw unreachable(url, error, 'publish the list');
  }
  const { text } = answer;
  if (answer.status !== 200) throw publishRefusal(answer.status, text, { hub, vo });
  let published: PublishedList;
  try {
    published = publishedSchema.parse(JSON.parse(text));
  } catch {
    throw new FedcloudError(
      'SITE_CONFIG_INVALID',
      `the hub ${hub} answered the publication with an unexpected body`,
      { hint: 'Is --hub / FEDCLOUD_HUB a fedcloud hub?' },
    );
  }
  return { url, published };
}
