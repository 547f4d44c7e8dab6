import { describe, expect, it } from 'vitest';
import { planHistoryPrune, planSiteVoSync } from './publish.js';

const row = (vo: string, project: string, source: 'info' | 'registry', name = '') => ({
  vo,
  project_id: project,
  project_name: name,
  source,
  stale_reason: '',
  last_good_at: '',
});
const fresh = { staleReason: '', lastGoodAt: '' };

describe('planSiteVoSync', () => {
  it('adds the VOs of a first document', () => {
    expect(planSiteVoSync([], [{ vo: 'a', projectId: 'p1', projectName: 'pa' }])).toEqual({
      upsert: [{ vo: 'a', projectId: 'p1', projectName: 'pa', ...fresh }],
      remove: [],
    });
  });

  it('removes info rows the document no longer names, never registry rows', () => {
    const plan = planSiteVoSync(
      [row('a', 'p1', 'info'), row('b', 'p2', 'info'), row('c', 'p3', 'registry')],
      [{ vo: 'a', projectId: 'p1', projectName: '' }],
    );
    expect(plan).toEqual({ upsert: [], remove: ['b'] });
  });

  it("lets the document's project win over a registry row of the same VO", () => {
    const plan = planSiteVoSync(
      [row('a', 'hand-typed', 'registry', 'kept name')],
      [{ vo: 'a', projectId: 'from-keystone', projectName: '' }],
    );
    expect(plan.upsert).toEqual([
      { vo: 'a', projectId: 'from-keystone', projectName: 'kept name', ...fresh },
    ]);
  });

  it('updates an info row whose project changed and leaves an unchanged one alone', () => {
    const plan = planSiteVoSync(
      [row('a', 'old', 'info'), row('b', 'same', 'info', 'nb')],
      [
        { vo: 'a', projectId: 'new', projectName: 'na' },
        { vo: 'b', projectId: 'same', projectName: 'nb' },
      ],
    );
    expect(plan).toEqual({
      upsert: [{ vo: 'a', projectId: 'new', projectName: 'na', ...fresh }],
      remove: [],
    });
  });

  it('keeps the VO of a share the publisher could not read, marked with the reason', () => {
    const plan = planSiteVoSync(
      [row('a', 'p1', 'info', 'pa')],
      [
        {
          vo: 'a',
          projectId: 'p1',
          projectName: 'pa',
          stale: { reason: 'HTTP 503', lastGoodAt: '2025-03-01T10:00:00.000Z' },
        },
      ],
    );
    expect(plan).toEqual({
      upsert: [
        {
          vo: 'a',
          projectId: 'p1',
          projectName: 'pa',
          staleReason: 'HTTP 503',
          lastGoodAt: '2025-03-01T10:00:00.000Z',
        },
      ],
      remove: [],
    });
  });
});

describe('planHistoryPrune', () => {
  const now = new Date('2025-03-31T00:00:00Z');
  // Newest first, as the hub reads them: ids 5..1, one a day back from March 30.
  const docs = [5, 4, 3, 2, 1].map((id) => ({
    id,
    publishedAt: `2025-03-${String(25 + id).padStart(2, '0')}T00:00:00Z`,
  }));

  it('keeps the newest historyCount documents', () => {
    expect(planHistoryPrune(docs, 5, { historyCount: 2, historyDays: 365 }, now)).toEqual([
      3, 2, 1,
    ]);
  });

  it('drops documents older than historyDays', () => {
    // Cut-off March 28 00:00: ids 2 (27th) and 1 (26th) go; 3 (28th, at the cut-off) stays.
    expect(planHistoryPrune(docs, 5, { historyCount: 100, historyDays: 3 }, now)).toEqual([2, 1]);
  });

  it('never drops the current document, however old', () => {
    // Cut-off March 30 00:00 and one kept: id 5 is the newest (and at the cut-off), 4..2 go.
    expect(planHistoryPrune(docs, 1, { historyCount: 1, historyDays: 1 }, now)).toEqual([4, 3, 2]);
  });
});
