import { createRoute, type OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import { glue21DocumentSchema } from '@fedcloud/sdk/glue2';
import { parseImageList } from '@fedcloud/sdk/image-list';
import type { Context } from 'hono';
import { authenticate } from '../../auth/authenticate.js';
import type { HubContext } from '../../context.js';
import { HubError } from '../../errors.js';
import {
  buildImageCatalogue,
  type CatalogueListInput,
  type CatalogueSiteInput,
  publishedListImages,
} from '../../image-lists/catalogue.js';
import { imageListReader, mayReadPrivate, summaryOf } from '../../image-lists/index.js';
import { loadSiteStates } from '../../services/site-status.js';
import { voExists } from '../../services/vos.js';
import { errors, json } from '../registry/responses.js';
import { VoParams } from '../registry/schemas.js';

/** Anyone may read; a member's token shows the VO's private list (`{}`: no token needed). */
const optionalBearer: RouteConfig['security'] = [{}, { bearerAuth: [] }];

const imageState = z.enum(['current', 'behind', 'missing']);

/** Mirrors VoImageCatalogue (image-lists/catalogue.ts). */
const VoImageCatalogueSchema = z
  .object({
    vo: z.string(),
    state: z.enum(['published', 'none', 'private']).openapi({
      description:
        'published: the list is shown; none: the VO published no list; private: the list is for the VO (send a token of a member)',
    }),
    list: z
      .object({
        identifier: z.string(),
        title: z.string(),
        version: z.string(),
        endorser: z.object({ dn: z.string(), ca: z.string() }),
        expires: z.string(),
        expired: z.boolean(),
        public: z.boolean(),
        publishedAt: z.string(),
        images: z.array(
          z.object({
            identifier: z.string(),
            title: z.string(),
            version: z.string(),
            format: z.string(),
            sizeBytes: z.number(),
            sha512Prefix: z.string(),
            url: z.string(),
          }),
        ),
      })
      .nullable(),
    sites: z.array(
      z.object({
        site: z.string(),
        status: z.enum(['ok', 'stale', 'no-info', 'downtime', 'failing']),
        info: z.object({ publishedAt: z.string(), creationTime: z.string() }).nullable(),
        images: z.array(
          z.object({
            identifier: z.string(),
            state: imageState,
            siteVersion: z.string().nullable(),
          }),
        ),
        counts: z.object({ current: z.number(), behind: z.number(), missing: z.number() }),
      }),
    ),
  })
  .openapi('VoImageCatalogue');

/** The bearer token authenticate() accepted, to ask the issuer about the user's VOs. */
function bearerToken(c: Context): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
}

/** A stored document that no longer parses shows as one without list images (store.ts warns). */
function parseBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/**
 * GET /api/v1/vos/{vo}/image-catalogue: the VO's catalogue page. A private list is shown to
 * whoever may read it (image-lists/access.ts) and is "private" to the others, never an error,
 * so the page still lists the sites. Each site's current document is parsed here, because the
 * information store's derived view keeps no OtherInfo; the page is read by people, not agents.
 */
export function registerImageCatalogueRoute(app: OpenAPIHono, ctx: HubContext): void {
  const db = ctx.database.db;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/vos/{vo}/image-catalogue',
      tags: ['image lists'],
      summary:
        "The VO's endorsed image list and, per site supporting the VO, which list images it has at the list's version (current), at another (behind) or not at all (missing)",
      security: optionalBearer,
      request: { params: VoParams },
      responses: { 200: json(VoImageCatalogueSchema, 'the catalogue'), ...errors(400, 401, 404) },
    }),
    async (c) => {
      const { vo } = c.req.valid('param');
      const now = ctx.now();
      const principal = await authenticate(ctx, c);
      if (!(await voExists(db, vo))) throw new HubError('NOT_FOUND', `no VO named ${vo}`, { vo });

      const row = await db
        .selectFrom('image_lists')
        .selectAll()
        .where('vo', '=', vo)
        .executeTakeFirst();
      let list: CatalogueListInput;
      if (!row) list = { state: 'none' };
      else if (
        row.public === 1 ||
        (await mayReadPrivate(ctx, imageListReader(ctx, principal, bearerToken(c)), vo))
      ) {
        list = { state: 'published', summary: summaryOf(row), list: parseImageList(row.content) };
      } else list = { state: 'private' };

      const supports = await db
        .selectFrom('site_vos')
        .innerJoin('sites', 'sites.id', 'site_vos.site_id')
        .select(['sites.id', 'sites.name'])
        .where('site_vos.vo', '=', vo)
        .execute();
      const siteIds = [...new Set(supports.map((s) => s.id))];
      const names = new Map(supports.map((s) => [s.id, s.name]));
      const [states, documents] = await Promise.all([
        loadSiteStates(db, now, siteIds),
        siteIds.length === 0
          ? Promise.resolve([])
          : db
              .selectFrom('info_current')
              .innerJoin('info_documents', 'info_documents.id', 'info_current.document_id')
              .select([
                'info_current.site_id',
                'info_documents.body',
                'info_documents.published_at',
                'info_documents.creation_time',
              ])
              .where('info_current.site_id', 'in', siteIds)
              .execute(),
      ]);
      const bySite = new Map(documents.map((d) => [d.site_id, d]));
      const sites = siteIds.map((id): CatalogueSiteInput => {
        const doc = bySite.get(id);
        let images: CatalogueSiteInput['images'] = [];
        if (doc && list.state === 'published') {
          const parsed = glue21DocumentSchema.safeParse(parseBody(doc.body));
          if (parsed.success) images = publishedListImages(parsed.data, vo);
        }
        return {
          site: names.get(id)!,
          status: states.get(id)?.status ?? 'no-info',
          info: doc ? { publishedAt: doc.published_at, creationTime: doc.creation_time } : null,
          images,
        };
      });
      return c.json(buildImageCatalogue({ vo, list, sites, now }), 200);
    },
  );
}
