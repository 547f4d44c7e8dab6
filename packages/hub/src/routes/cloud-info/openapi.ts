import { type RouteConfig, z } from '@hono/zod-openapi';

/** OpenAPI descriptions of the cloud-info-api compatible reads (documented, not validated). */
const project = z.object({ id: z.string(), name: z.string().openapi({ description: 'the VO' }) });
const site = z.object({
  id: z.string().openapi({ description: 'GOCDB primary key of the nova endpoint' }),
  name: z.string(),
  url: z.string(),
  state: z.string(),
  hostname: z.string(),
  projects: z.array(project).optional(),
});
const image = z.object({
  egi_id: z.string(),
  id: z.string(),
  endpoint: z.string(),
  mpuri: z.string(),
  name: z.string(),
  version: z.string(),
  vo: z.string(),
});
const detail = {
  content: { 'application/json': { schema: z.object({ detail: z.unknown() }) } },
};
const bool = z.enum(['true', 'false']).optional();
const siteParam = z.object({ site_name: z.string() });
const siteVoParam = z.object({ site_name: z.string(), vo_name: z.string() });
const ok = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const notFound = { description: 'No fresh information for that site (or VO there)', ...detail };

export function cloudInfoDocs(): RouteConfig[] {
  const tags = ['cloud-info-api'];
  return [
    {
      method: 'get',
      path: '/vos/',
      tags,
      summary: 'VO names, sorted',
      responses: { 200: ok(z.array(z.string()), 'names') },
    },
    {
      method: 'get',
      path: '/sites/',
      tags,
      summary: 'Sites with fresh information, optionally of one VO or one name',
      request: {
        query: z.object({
          vo_name: z.string().optional(),
          site_name: z.string().optional(),
          include_projects: bool,
        }),
      },
      responses: { 200: ok(z.array(site), 'sites'), 422: { description: 'Bad query', ...detail } },
    },
    {
      method: 'get',
      path: '/site/{site_name}/',
      tags,
      summary: 'One site',
      request: { params: siteParam, query: z.object({ include_projects: bool }) },
      responses: { 200: ok(site, 'the site'), 404: notFound },
    },
    {
      method: 'get',
      path: '/site/{site_name}/projects',
      tags,
      summary: "The site's projects, named by their VO",
      request: { params: siteParam },
      responses: { 200: ok(z.array(project), 'projects'), 404: notFound },
    },
    {
      method: 'get',
      path: '/site/{site_name}/images',
      tags,
      summary: 'Images of every VO at the site',
      request: { params: siteParam, query: z.object({ only_egi_images: bool }) },
      responses: { 200: ok(z.array(image), 'images'), 404: notFound },
    },
    {
      method: 'get',
      path: '/site/{site_name}/{vo_name}/project',
      tags,
      summary: "The VO's project at the site",
      request: { params: siteVoParam },
      responses: { 200: ok(project, 'the project'), 404: notFound },
    },
    {
      method: 'get',
      path: '/site/{site_name}/{vo_name}/images',
      tags,
      summary: "Images of the VO's project at the site",
      request: { params: siteVoParam, query: z.object({ only_egi_images: bool }) },
      responses: { 200: ok(z.array(image), 'images'), 404: notFound },
    },
    {
      method: 'get',
      path: '/images/',
      tags,
      summary: 'Images of every site, optionally of one VO',
      request: { query: z.object({ vo_name: z.string().optional(), only_egi_images: bool }) },
      responses: { 200: ok(z.array(image), 'images') },
    },
    {
      method: 'get',
      path: '/fedcloudclient/',
      tags,
      summary: 'URLs of the fedcloudclient site configurations',
      responses: { 200: ok(z.array(z.string()), 'URLs') },
    },
    {
      method: 'get',
      path: '/fedcloudclient/{site_name}/',
      tags,
      summary: 'The site as fedcloud-catchall YAML (gocdb, endpoint, vos[{name, auth.project_id}])',
      request: { params: siteParam },
      responses: {
        200: { description: 'YAML', content: { 'application/yaml': { schema: z.string() } } },
        404: notFound,
      },
    },
  ];
}
