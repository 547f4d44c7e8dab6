import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { HubContext } from '../../context.js';
import { HubError } from '../../errors.js';
import { LdifExporter } from '../../ldif/export.js';
import { currentDocumentOf } from '../../info/index.js';
import { validationHook } from '../validation.js';

// A fresh object per response: @hono/node-server keeps and extends the headers it is given.
const ldifType = () => ({ 'content-type': 'text/plain; charset=utf-8' });

/**
 * GLUE 2.0 LDIF of the published information, loadable into an LDAP server with the OGF GLUE20
 * schema (what a site or top BDII serves): the whole federation's fresh documents, or one site's
 * current document.
 */
export function ldifRoutes(ctx: HubContext): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const db = ctx.database.db;
  const exporter = new LdifExporter(db, ctx.info);

  app.get('/glue2.ldif', async (c) => {
    const now = ctx.now();
    const text = await exporter.federation(now, [
      `GLUE 2.0 export of ${ctx.config.publicUrl || 'fedcloud-hub'}: sites with fresh information at ${now.toISOString()}`,
    ]);
    return c.body(text, 200, ldifType());
  });

  app.get('/api/v1/sites/:site/glue2.ldif', async (c) => {
    const site = c.req.param('site');
    const exists = await db
      .selectFrom('sites')
      .select('id')
      .where('name', '=', site)
      .executeTakeFirst();
    if (!exists) throw new HubError('NOT_FOUND', `no site named ${site}`, { site });
    const current = await currentDocumentOf(db, site);
    if (!current) {
      throw new HubError('NOT_FOUND', `site ${site} has published no information yet`, { site });
    }
    const stale = Date.parse(current.expiresAt) <= ctx.now().getTime();
    const text = await exporter.site(current.siteId, current.documentId, [
      `GLUE 2.0 export of site ${site}: document ${current.documentId} published ${current.publishedAt}, ${stale ? 'STALE since' : 'valid until'} ${current.expiresAt}`,
    ]);
    if (text === undefined) {
      throw new HubError('INTERNAL', `the current document of site ${site} cannot be read`);
    }
    return c.body(text, 200, { ...ldifType(), 'x-info-status': stale ? 'stale' : 'fresh' });
  });

  const ldif = {
    description: 'LDIF (RFC 2849) with GLUE 2.0 object classes under o=glue',
    content: { 'text/plain': { schema: z.string() } },
  };
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/glue2.ldif',
    tags: ['information system'],
    summary: 'Every site with fresh information, as GLUE 2.0 LDIF',
    responses: { 200: ldif },
  });
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/api/v1/sites/{site}/glue2.ldif',
    tags: ['information system'],
    summary: "The site's current document (fresh or stale) as GLUE 2.0 LDIF",
    request: { params: z.object({ site: z.string() }) },
    responses: { 200: ldif, 404: { description: 'No such site, or it never published' } },
  });
  return app;
}
