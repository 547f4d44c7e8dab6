import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bootServer, projectSession, readServer, removeServer } from './site-calls.js';
import type { RunningSite, Sandbox } from '../sandbox.js';
import { planUsageHistory, type HistoryEvent } from './history-plan.js';

export interface SeedHistoryOptions {
  /** Whole months before the current one. */
  months: number;
  now?: Date;
}

export interface SeedHistoryResult {
  /** False when the data folder already had its history (seeding runs once per folder). */
  seeded: boolean;
  months: number;
  booted: number;
  deleted: number;
}

const MARKER = 'history.json';

/**
 * Gives the sandbox's sites a few months of past use, so accounting has something to show the
 * first time the federation starts: each site's clock is set back to every event of the plan in
 * turn and the VM is booted or deleted through the site's own API by the VO member the plan names,
 * so servers, usage and `changes-since` hold exactly what a real site would after those months.
 * Runs once per data folder (a marker file, written before the first event); meant for startup, before anyone else talks to the sites.
 */
export async function seedUsageHistory(
  sandbox: Sandbox,
  options: SeedHistoryOptions,
): Promise<SeedHistoryResult> {
  const marker = join(sandbox.files.dataDir, MARKER);
  const earlier = await readFile(marker, 'utf8').catch(() => undefined);
  if (earlier !== undefined) {
    const months = (JSON.parse(earlier) as { months?: number }).months ?? 0;
    return { seeded: false, months, booted: 0, deleted: 0 };
  }
  const now = options.now ?? new Date();
  const events = planUsageHistory({
    sites: sandbox.sites.map((site) => ({
      name: site.name,
      vos: site.vos,
      flavors: site.context.spec.flavors,
    })),
    users: sandbox.users,
    months: options.months,
    now,
  });
  // Written first: a crash half-way leaves part of the history, never a second copy of it.
  await writeFile(
    marker,
    `${JSON.stringify({ months: options.months, seededAt: now.toISOString() })}\n`,
    { mode: 0o600 },
  );
  const bySite = new Map<string, HistoryEvent[]>();
  for (const event of events) bySite.set(event.site, [...(bySite.get(event.site) ?? []), event]);
  // OIDC access tokens are checked against real time by the issuer and against the site's clock
  // by Keystone (exp only), so one token per user serves every event.
  const tokens = new Map<string, Promise<string>>();
  const tokenFor = (username: string): Promise<string> => {
    let token = tokens.get(username);
    if (!token) tokens.set(username, (token = sandbox.tokenFor(username)));
    return token;
  };
  await Promise.all(
    [...bySite].map(([name, siteEvents]) =>
      replay(sandbox, sandbox.site(name), siteEvents, tokenFor),
    ),
  );
  return {
    seeded: true,
    months: options.months,
    booted: events.filter((e) => e.kind === 'boot').length,
    deleted: events.filter((e) => e.kind === 'delete').length,
  };
}

async function replay(
  sandbox: Sandbox,
  site: RunningSite,
  events: HistoryEvent[],
  tokenFor: (username: string) => Promise<string>,
): Promise<void> {
  const { fetch } = sandbox;
  const realNow = site.context.now;
  let clock = 0;
  site.context.now = () => new Date(clock);
  const servers = new Map<string, { id: string; projectId: string }>();
  // A Keystone token lasts an hour of the site's clock: each event logs in again.
  const sessionAt = async (username: string, projectId: string) =>
    projectSession(
      fetch,
      site.identityUrl,
      site.context.spec.identityProvider,
      await tokenFor(username),
      projectId,
    );
  try {
    for (const event of events) {
      clock = Date.parse(event.at);
      if (event.kind === 'boot') {
        const session = await sessionAt(event.username, event.projectId);
        const id = await bootServer(fetch, session, {
          name: `history-${event.key.replace(/[^a-z0-9-]+/gi, '-')}`,
          flavorRef: event.flavorId,
          imageRef: site.context.spec.images[0]!.id,
        });
        // Read once the build is over, so it turns ACTIVE (launched_at) at its own time.
        clock += site.context.spec.buildDelayMs + 1000;
        await readServer(fetch, session, id);
        servers.set(event.key, { id, projectId: event.projectId });
      } else {
        const server = servers.get(event.key);
        if (!server) continue;
        await removeServer(fetch, await sessionAt(event.username, server.projectId), server.id);
      }
    }
  } finally {
    site.context.now = realNow;
  }
}
