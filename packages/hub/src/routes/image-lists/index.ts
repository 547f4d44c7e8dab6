import { readTrustAnchors, type TrustAnchors } from '@fedcloud/sdk/smime';
import { Hono, type Context } from 'hono';
import { authenticate } from '../../auth/authenticate.js';
import { assertAllowed } from '../../auth/permissions.js';
import type { HubContext } from '../../context.js';
import { HubError } from '../../errors.js';
import {
  acceptImageList,
  assertMayRead,
  imageListReader,
  listImageLists,
  mayReadPrivate,
  readImageList,
  saveImageList,
  summaryOf,
} from '../../image-lists/index.js';
import { readLimitedText } from '../limited-body.js';

/** A list of a few thousand images is a few MB; AppDB's largest are far below this. */
export const MAX_IMAGE_LIST_BYTES = 8 * 1024 * 1024;

/** What a signed list is sent as: openssl's own types, or plain bytes. */
const SIGNED_TYPES = new Set([
  'text/plain',
  'multipart/signed',
  'application/pkcs7-mime',
  'application/x-pkcs7-mime',
  'application/octet-stream',
]);

/**
 * The VOs' image lists (AppDB's role): a VO manager publishes the signed list, the hub checks it
 * as a site would and serves the signed bytes unchanged, so every site verifies the endorser's
 * signature itself and the hub is trusted with nothing.
 *   PUT /api/v1/vos/{vo}/image-list[?visibility=public|private]   the signed list as the body
 *   GET /api/v1/vos/{vo}/image-list        the signed bytes (ETag)
 *   GET /api/v1/vos/{vo}/image-list.json   the list as JSON
 *   GET /api/v1/image-lists                one summary per VO the caller may read
 */
export function imageListRoutes(ctx: HubContext): Hono {
  const app = new Hono();
  const db = ctx.database.db;
  let trust: Promise<TrustAnchors> | undefined;
  const trusted = () => {
    const file = ctx.config.trustedCaFile;
    if (!file) {
      throw new HubError(
        'FORBIDDEN',
        'this hub trusts no CA for signed image lists (start it with a trusted CA file), so it can take no list',
      );
    }
    trust ??= readTrustAnchors(file);
    return trust;
  };
  const reader = async (c: Context) =>
    imageListReader(ctx, await authenticate(ctx, c), bearerToken(c));

  app.put('/api/v1/vos/:vo/image-list', async (c) => {
    const vo = c.req.param('vo');
    const who = await authenticate(ctx, c);
    assertAllowed(who, 'image-list.publish', { vo });
    const visibility = c.req.query('visibility') ?? 'public';
    if (visibility !== 'public' && visibility !== 'private') {
      throw new HubError('BAD_REQUEST', `visibility is public or private, not ${visibility}`);
    }
    const type = (c.req.header('content-type') ?? 'text/plain').split(';')[0]!.trim();
    if (!SIGNED_TYPES.has(type.toLowerCase())) {
      throw new HubError(
        'UNSUPPORTED_MEDIA_TYPE',
        `send the signed list as text/plain, multipart/signed or application/pkcs7-mime, not ${type}`,
      );
    }
    const known = await db
      .selectFrom('vos')
      .select('name')
      .where('name', '=', vo)
      .executeTakeFirst();
    if (!known) throw new HubError('NOT_FOUND', `no VO ${vo} is registered`, { vo });
    const signed = await readLimitedText(c.req.raw, {
      limit: MAX_IMAGE_LIST_BYTES,
      tooLarge: () =>
        new HubError(
          'PAYLOAD_TOO_LARGE',
          `a signed image list holds at most ${MAX_IMAGE_LIST_BYTES} bytes`,
        ),
      notText: 'a signed image list is text (S/MIME), and this body is not UTF-8',
    });
    const accepted = await acceptImageList(signed, await trusted(), vo, ctx.now());
    const row = await saveImageList(db, {
      vo,
      signed,
      accepted,
      public: visibility === 'public',
      publishedBy: who.kind === 'anonymous' ? '' : who.subject,
      now: ctx.now(),
    });
    return c.json(summaryOf(row), 200, { etag: `"${row.signed_sha256}"` });
  });

  app.get('/api/v1/vos/:vo/image-list', async (c) => {
    const row = await readImageList(db, c.req.param('vo'));
    await assertMayRead(ctx, await reader(c), row);
    const etag = `"${row.signed_sha256}"`;
    const headers = {
      etag,
      'cache-control': row.public === 1 ? 'public, max-age=60' : 'private, no-store',
    };
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
    return c.body(row.signed, 200, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
  });

  app.get('/api/v1/vos/:vo/image-list.json', async (c) => {
    const row = await readImageList(db, c.req.param('vo'));
    await assertMayRead(ctx, await reader(c), row);
    return c.body(row.content, 200, {
      'content-type': 'application/json; charset=utf-8',
      etag: `"${row.signed_sha256}"`,
    });
  });

  app.get('/api/v1/image-lists', async (c) => {
    const who = await reader(c);
    const rows = await listImageLists(db);
    const visible = [];
    for (const row of rows) {
      if (row.public === 1 || (await mayReadPrivate(ctx, who, row.vo))) visible.push(row);
    }
    return c.json(visible.map(summaryOf), 200);
  });
  return app;
}

/** The bearer token authenticate() accepted, to ask the issuer about the user's VOs. */
function bearerToken(c: Context): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
}
