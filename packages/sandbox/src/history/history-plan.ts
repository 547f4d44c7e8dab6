import { createHash } from 'node:crypto';

/** What the plan needs to know of one site. */
interface HistorySite {
  name: string;
  vos: { vo: string; projectId: string }[];
  flavors: { id: string; name: string }[];
}

interface HistoryUser {
  username: string;
  vos: string[];
}

export type HistoryEvent =
  | {
      kind: 'boot';
      at: string;
      site: string;
      /** Names the VM across events: the delete refers to its boot by key. */
      key: string;
      vo: string;
      projectId: string;
      username: string;
      flavorId: string;
    }
  | { kind: 'delete'; at: string; site: string; key: string; vo: string; username: string };

export interface HistoryPlanOptions {
  sites: HistorySite[];
  users: HistoryUser[];
  /** Whole months before the current one; 0 plans nothing. */
  months: number;
  now: Date;
  /** Members of a VO who get VMs, per VO and site (the first ones, by username). */
  usersPerVo?: number;
}

/** Flavors the history uses: the everyday ones, not the GPU flavor a few sites have. */
const HISTORY_FLAVORS = ['m1.small', 'm1.medium', 'm1.large'];
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** A number from the names, the same on every run, so a rebuilt sandbox gets the same history. */
function stable(...parts: (string | number)[]): number {
  return createHash('sha256').update(parts.join('\0')).digest().readUInt32BE(0);
}

function monthStart(now: Date, monthsBack: number): number {
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsBack, 1);
}

/**
 * The VMs a few months of use leave behind, as boot and delete events in time order per site:
 * each VO's first members boot one VM a month that lives 1 to 12 days (some into the next
 * month), and each VO keeps one VM running since the start of the current month. Pure: the same inputs give the same events.
 */
export function planUsageHistory(options: HistoryPlanOptions): HistoryEvent[] {
  const months = Math.max(0, Math.floor(options.months));
  if (months === 0) return [];
  const perVo = options.usersPerVo ?? 2;
  const nowMs = options.now.getTime();
  const events: HistoryEvent[] = [];
  for (const site of options.sites) {
    const flavors = HISTORY_FLAVORS.map((name) => site.flavors.find((f) => f.name === name)).filter(
      (f): f is { id: string; name: string } => f !== undefined,
    );
    if (flavors.length === 0) continue;
    for (const { vo, projectId } of site.vos) {
      const members = options.users
        .filter((user) => user.vos.includes(vo))
        .map((user) => user.username)
        .sort()
        .slice(0, perVo);
      if (members.length === 0) continue;
      const boot = (key: string, at: number, username: string): void => {
        const flavor = flavors[stable(site.name, key, 'flavor') % flavors.length]!;
        events.push({
          kind: 'boot',
          at: new Date(at).toISOString(),
          site: site.name,
          key,
          vo,
          projectId,
          username,
          flavorId: flavor.id,
        });
      };
      // Booted this month (last month in its first hours): without a run in the months before,
      // APEL would put all of an older VM's hours into the current month.
      const thisMonth = monthStart(options.now, 0) + 9 * HOUR_MS;
      const longAt = thisMonth < nowMs ? thisMonth : monthStart(options.now, 1) + 9 * HOUR_MS;
      boot(`${vo}/long-running`, longAt, members[0]!);
      for (let back = months; back >= 1; back--) {
        for (const username of members) {
          const key = `${vo}/${username}/${back}`;
          const seed = stable(site.name, key);
          const bootAt =
            monthStart(options.now, back) +
            (2 + (seed % 20)) * DAY_MS +
            ((seed >>> 8) % 24) * HOUR_MS;
          const deleteAt =
            bootAt + (1 + ((seed >>> 16) % 12)) * DAY_MS + ((seed >>> 24) % 60) * 60_000;
          boot(key, bootAt, username);
          // A VM whose life would end after now is left running, as it would be.
          if (deleteAt < nowMs) {
            events.push({
              kind: 'delete',
              at: new Date(deleteAt).toISOString(),
              site: site.name,
              key,
              vo,
              username,
            });
          }
        }
      }
    }
  }
  return events.sort((a, b) => a.site.localeCompare(b.site) || a.at.localeCompare(b.at));
}
