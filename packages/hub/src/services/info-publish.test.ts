import { describe, expect, it } from 'vitest';
import { planSiteVoSync } from './info-publish.js';

const row = (vo: string, project: string, source: 'info' | 'registry', name = '') => ({
  vo,
  project_id: project,
  project_name: name,
  source,
});

describe('planSiteVoSync', () => {
  it('adds the VOs of a first document', () => {
    expect(planSiteVoSync([], [{ vo: 'a', projectId: 'p1', projectName: 'pa' }])).toEqual({
      upsert: [{ vo: 'a', projectId: 'p1', projectName: 'pa' }],
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
      { vo: 'a', projectId: 'from-keystone', projectName: 'kept name' },
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
      upsert: [{ vo: 'a', projectId: 'new', projectName: 'na' }],
      remove: [],
    });
  });
});
