import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { HubDb, ImageListsTable } from '../db/tables.js';
import { HubError } from '../errors.js';
import type { AcceptedImageList } from './accept.js';

export type ImageListRow = Selectable<ImageListsTable>;

/** What GET /api/v1/image-lists shows of each VO's list. */
export interface ImageListSummary {
  vo: string;
  identifier: string;
  version: string;
  title: string;
  images: number;
  endorser: { dn: string; ca: string };
  expires: string;
  public: boolean;
  publishedAt: string;
}

export function summaryOf(row: Omit<ImageListRow, 'signed' | 'content'>): ImageListSummary {
  return {
    vo: row.vo,
    identifier: row.identifier,
    version: row.version,
    title: row.title,
    images: row.images,
    endorser: { dn: row.endorser_dn, ca: row.endorser_ca },
    expires: row.expires_at,
    public: row.public === 1,
    publishedAt: row.published_at,
  };
}

/**
 * `hv:version` order: AppDB's versions are timestamps (YYYYMMDDhhmmss), others dotted numbers;
 * digits compare as numbers either way.
 */
function compareVersions(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

export interface PublishInput {
  vo: string;
  signed: string;
  accepted: AcceptedImageList;
  public: boolean;
  publishedBy: string;
  now: Date;
}

/**
 * Makes this the VO's list, unless the stored one has a newer version: a site that has synced
 * version N must never be handed N-1 again (an old signed list replayed). The same version may be
 * published again (to change its visibility, or sign it anew).
 * @throws HubError CONFLICT
 */
export async function saveImageList(db: HubDb, input: PublishInput): Promise<ImageListRow> {
  const { list } = input.accepted;
  const row: ImageListRow = {
    vo: input.vo,
    identifier: list['dc:identifier'],
    version: list['hv:version'],
    title: list['dc:title'],
    endorser_dn: input.accepted.signerDn,
    endorser_ca: input.accepted.signerIssuerDn,
    expires_at: new Date(list['dc:date:expires']).toISOString(),
    images: list['hv:images'].length,
    public: input.public ? 1 : 0,
    form: input.accepted.form,
    signed: input.signed,
    signed_sha256: createHash('sha256').update(input.signed).digest('hex'),
    content: input.accepted.content,
    published_at: input.now.toISOString(),
    published_by: input.publishedBy,
  };
  return db.transaction().execute(async (trx) => {
    const stored = await trx
      .selectFrom('image_lists')
      .select(['version'])
      .where('vo', '=', input.vo)
      .executeTakeFirst();
    if (stored && compareVersions(row.version, stored.version) < 0) {
      throw new HubError(
        'CONFLICT',
        `the hub holds version ${stored.version} of ${input.vo}'s list, newer than ${row.version}: publish a newer version`,
        { stored: stored.version, sent: row.version },
      );
    }
    if (stored) {
      const { vo: _vo, ...changes } = row;
      await trx.updateTable('image_lists').set(changes).where('vo', '=', input.vo).execute();
    } else {
      await trx.insertInto('image_lists').values(row).execute();
    }
    return row;
  });
}

/** @throws HubError NOT_FOUND */
export async function readImageList(db: HubDb, vo: string): Promise<ImageListRow> {
  const row = await db
    .selectFrom('image_lists')
    .selectAll()
    .where('vo', '=', vo)
    .executeTakeFirst();
  if (!row) throw new HubError('NOT_FOUND', `VO ${vo} has published no image list`, { vo });
  return row;
}

/** Every VO's list without its bytes, by VO. */
export async function listImageLists(
  db: HubDb,
): Promise<Omit<ImageListRow, 'signed' | 'content'>[]> {
  return db
    .selectFrom('image_lists')
    .select([
      'vo',
      'identifier',
      'version',
      'title',
      'endorser_dn',
      'endorser_ca',
      'expires_at',
      'images',
      'public',
      'form',
      'signed_sha256',
      'published_at',
      'published_by',
    ])
    .orderBy('vo')
    .execute();
}
