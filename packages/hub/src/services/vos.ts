import type { SiteImage, VoDetail, VoInput, VoSummary } from '../api-types.js';
import type { HubDb } from '../db/tables.js';
import { HubError } from '../errors.js';
import { insertUnique } from './db-errors.js';
import { loadSiteStates } from './site-status.js';

/** Images a VO may use at a site (from the site's current information document). */
export type SiteVoImages = (site: string, vo: string) => Promise<SiteImage[]>;

/**
 * Every VO the federation knows: the registered ones (vos table) and those that sites support
 * without a registry entry yet (site_vos, e.g. taken from a published document), so that no
 * supported VO is invisible.
 */
export async function listVos(db: HubDb): Promise<VoSummary[]> {
  const [registered, counts] = await Promise.all([
    db.selectFrom('vos').select(['name', 'description']).execute(),
    db
      .selectFrom('site_vos')
      .select(['vo', (eb) => eb.fn.count<number | string>('site_id').distinct().as('n')])
      .groupBy('vo')
      .execute(),
  ]);
  const byName = new Map<string, VoSummary>();
  for (const r of registered)
    byName.set(r.name, { name: r.name, description: r.description, siteCount: 0 });
  for (const c of counts) {
    const vo = byName.get(c.vo) ?? { name: c.vo, description: '', siteCount: 0 };
    vo.siteCount = Number(c.n);
    byName.set(c.vo, vo);
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export async function getVoDetail(
  db: HubDb,
  name: string,
  now: Date,
  images: SiteVoImages,
): Promise<VoDetail> {
  const [vo, supports] = await Promise.all([
    db.selectFrom('vos').selectAll().where('name', '=', name).executeTakeFirst(),
    db
      .selectFrom('site_vos')
      .innerJoin('sites', 'sites.id', 'site_vos.site_id')
      .select(['sites.id', 'sites.name', 'site_vos.project_id', 'site_vos.project_name'])
      .where('site_vos.vo', '=', name)
      .orderBy('sites.name')
      .execute(),
  ]);
  if (!vo && supports.length === 0) {
    throw new HubError('NOT_FOUND', `no VO named ${name}`, { vo: name });
  }
  const states = await loadSiteStates(
    db,
    now,
    supports.map((s) => s.id),
  );
  const sites = await Promise.all(
    supports.map(async (s) => ({
      site: s.name,
      status: states.get(s.id)?.status ?? 'no-info',
      projectId: s.project_id,
      projectName: s.project_name,
      images: await images(s.name, name),
    })),
  );
  return {
    name,
    description: vo?.description ?? '',
    homepage: vo?.homepage ?? '',
    siteCount: sites.length,
    sites,
  };
}

export async function createVo(db: HubDb, input: VoInput, now: Date): Promise<VoSummary> {
  const conflict = () =>
    new HubError('CONFLICT', `a VO named ${input.name} is already registered`, { vo: input.name });
  const stamp = now.toISOString();
  await insertUnique(
    () => db.selectFrom('vos').select('name').where('name', '=', input.name).executeTakeFirst(),
    () =>
      db
        .insertInto('vos')
        .values({
          name: input.name,
          description: input.description ?? '',
          homepage: input.homepage ?? '',
          created_at: stamp,
          updated_at: stamp,
        })
        .execute(),
    conflict,
  );
  return voSummary(db, input.name);
}

export async function updateVo(
  db: HubDb,
  name: string,
  patch: Partial<VoInput>,
  now: Date,
): Promise<VoSummary> {
  if (patch.name !== undefined && patch.name !== name) {
    throw new HubError('BAD_REQUEST', `a VO cannot be renamed (${name} -> ${patch.name})`);
  }
  const result = await db
    .updateTable('vos')
    .set({
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.homepage !== undefined ? { homepage: patch.homepage } : {}),
      updated_at: now.toISOString(),
    })
    .where('name', '=', name)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    throw new HubError(
      'NOT_FOUND',
      `no registered VO named ${name} (a federation admin registers it with POST /api/v1/vos)`,
      { vo: name },
    );
  }
  return voSummary(db, name);
}

async function voSummary(db: HubDb, name: string): Promise<VoSummary> {
  const [vo, count] = await Promise.all([
    db.selectFrom('vos').select('description').where('name', '=', name).executeTakeFirstOrThrow(),
    db
      .selectFrom('site_vos')
      .select((eb) => eb.fn.count<number | string>('site_id').distinct().as('n'))
      .where('vo', '=', name)
      .executeTakeFirstOrThrow(),
  ]);
  return { name, description: vo.description, siteCount: Number(count.n) };
}

/** True when the VO is registered or supported by some site. */
export async function voExists(db: HubDb, name: string): Promise<boolean> {
  const [vo, support] = await Promise.all([
    db.selectFrom('vos').select('name').where('name', '=', name).executeTakeFirst(),
    db.selectFrom('site_vos').select('vo').where('vo', '=', name).executeTakeFirst(),
  ]);
  return Boolean(vo ?? support);
}
