import { describe, expect, it } from 'vitest';
import { planUsageHistory, type HistoryPlanOptions } from './history-plan.js';

const flavors = [
  { id: 'f-nano', name: 'm1.nano' },
  { id: 'f-small', name: 'm1.small' },
  { id: 'f-medium', name: 'm1.medium' },
  { id: 'f-large', name: 'm1.large' },
  { id: 'f-gpu', name: 'g1.large-v100' },
];

const options: HistoryPlanOptions = {
  sites: [
    {
      name: 'SITE-A',
      vos: [
        { vo: 'vo.one', projectId: 'p-one' },
        { vo: 'vo.two', projectId: 'p-two' },
      ],
      flavors,
    },
  ],
  users: [
    { username: 'carol', vos: ['vo.one', 'vo.two'] },
    { username: 'alice', vos: ['vo.one'] },
    { username: 'bob', vos: ['vo.one'] },
    { username: 'dave', vos: [] },
  ],
  months: 2,
  now: new Date('2026-12-03T18:00:00Z'),
};

describe('planUsageHistory', () => {
  it('boots one VM a month per member (the first two by name) and one long-running VM per VO', () => {
    const events = planUsageHistory(options);
    const boots = events.filter((e) => e.kind === 'boot');
    // vo.one: alice and bob (carol is third by name) × October and November, + long-running;
    // vo.two: carol × 2 months + long-running.
    expect(boots.map((b) => b.key).sort()).toEqual([
      'vo.one/alice/1',
      'vo.one/alice/2',
      'vo.one/bob/1',
      'vo.one/bob/2',
      'vo.one/long-running',
      'vo.two/carol/1',
      'vo.two/carol/2',
      'vo.two/long-running',
    ]);
    for (const boot of boots) {
      if (boot.kind !== 'boot') continue;
      expect(boot.projectId).toBe(boot.vo === 'vo.one' ? 'p-one' : 'p-two');
      expect(['f-small', 'f-medium', 'f-large']).toContain(boot.flavorId);
      const back = boot.key.endsWith('/2') ? '2026-10' : boot.key.endsWith('/1') ? '2026-11' : '';
      if (back) {
        // Day 2 to 21 after the first, at a whole hour.
        expect(boot.at.slice(0, 7)).toBe(back);
        expect(Number(boot.at.slice(8, 10))).toBeGreaterThanOrEqual(3);
        expect(Number(boot.at.slice(8, 10))).toBeLessThanOrEqual(22);
        expect(boot.at.slice(13)).toBe(':00:00.000Z');
      }
    }
    const long = boots.find((b) => b.key === 'vo.one/long-running');
    expect(long).toMatchObject({ at: '2026-12-01T09:00:00.000Z', username: 'alice' });
    expect(boots.find((b) => b.key === 'vo.two/long-running')?.username).toBe('carol');
  });

  it('deletes each VM 1 to 13 days after its boot, by the same user, and never after now', () => {
    const events = planUsageHistory(options);
    const deletes = events.filter((e) => e.kind === 'delete');
    expect(deletes.length).toBeGreaterThanOrEqual(2);
    for (const del of deletes) {
      const boot = events.find((e) => e.kind === 'boot' && e.key === del.key)!;
      const days = (Date.parse(del.at) - Date.parse(boot.at)) / 86_400_000;
      expect(days).toBeGreaterThanOrEqual(1);
      expect(days).toBeLessThan(13);
      expect(del.username).toBe(boot.username);
      expect(Date.parse(del.at)).toBeLessThan(Date.parse('2026-12-03T18:00:00Z'));
    }
    // October's VMs all end before now; long-running ones never do.
    expect(deletes.map((d) => d.key)).toEqual(
      expect.arrayContaining(['vo.one/alice/2', 'vo.one/bob/2', 'vo.two/carol/2']),
    );
    expect(deletes.some((d) => d.key.endsWith('long-running'))).toBe(false);
  });

  it('is in time order per site and the same on every call', () => {
    const events = planUsageHistory(options);
    const times = events.map((e) => e.at);
    expect(times).toEqual([...times].sort());
    expect(planUsageHistory(options)).toEqual(events);
  });

  it('puts the long-running VM in last month when this one has only just begun', () => {
    const events = planUsageHistory({ ...options, now: new Date('2026-12-01T05:00:00Z') });
    expect(events.find((e) => e.key === 'vo.one/long-running')?.at).toBe(
      '2026-11-01T09:00:00.000Z',
    );
  });

  it('plans nothing for 0 months, and nothing for a site without the everyday flavors', () => {
    expect(planUsageHistory({ ...options, months: 0 })).toEqual([]);
    expect(
      planUsageHistory({
        ...options,
        sites: [{ ...options.sites[0]!, flavors: [{ id: 'f-gpu', name: 'g1.large-v100' }] }],
      }),
    ).toEqual([]);
  });
});
