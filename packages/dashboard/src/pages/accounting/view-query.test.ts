import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW, formatView, parseView, usagePath } from './view-query.js';

describe('the accounting view in the URL', () => {
  it('reads and writes every filter, leaving defaults out', () => {
    const view = parseView(
      '?site=CESNET-MCC&vo=vo.access.egi.eu&from=2026-01&to=2026-03&metric=vms',
    );
    expect(view).toEqual({
      site: 'CESNET-MCC',
      vo: 'vo.access.egi.eu',
      from: '2026-01',
      to: '2026-03',
      metric: 'vms',
    });
    expect(parseView(formatView(view))).toEqual(view);
    expect(formatView(DEFAULT_VIEW)).toBe('');
  });

  it('drops malformed months and metrics, and turns a backwards range round', () => {
    expect(parseView('?from=2026-13&to=March&metric=colour')).toEqual(DEFAULT_VIEW);
    expect(parseView('?from=2026-05&to=2026-02')).toMatchObject({ from: '2026-02', to: '2026-05' });
  });

  it("builds the hub's usage query", () => {
    expect(usagePath({ site: '', vo: 'v o', from: '2026-01', to: '' }, ['site', 'month'])).toBe(
      '/accounting/usage?vo=v+o&from=2026-01&groupBy=site%2Cmonth',
    );
    expect(usagePath(DEFAULT_VIEW, ['month'], { user: 'a@b' })).toBe(
      '/accounting/usage?user=a%40b&groupBy=month',
    );
  });
});
