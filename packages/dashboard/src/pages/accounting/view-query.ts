import { type Metric, METRICS } from './usage-data.js';

/** The accounting page's view, kept in the URL (`?site=&vo=&from=&to=&metric=`) so links share it. */
export interface AccountingView {
  site: string;
  vo: string;
  /** YYYY-MM or ''. */
  from: string;
  to: string;
  metric: Metric;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export const DEFAULT_VIEW: AccountingView = {
  site: '',
  vo: '',
  from: '',
  to: '',
  metric: 'wallHours',
};

/** Reads the view from a query string; anything malformed falls back to the default. */
export function parseView(search: string): AccountingView {
  const params = new URLSearchParams(search);
  const month = (name: string) => {
    const value = params.get(name) ?? '';
    return MONTH.test(value) ? value : '';
  };
  const metric = params.get('metric');
  let from = month('from');
  let to = month('to');
  // A range typed backwards is read the right way round.
  if (from && to && from > to) [from, to] = [to, from];
  return {
    site: params.get('site') ?? '',
    vo: params.get('vo') ?? '',
    from,
    to,
    metric: METRICS.some((m) => m.value === metric) ? (metric as Metric) : 'wallHours',
  };
}

export function formatView(view: AccountingView): string {
  const params = new URLSearchParams();
  if (view.site) params.set('site', view.site);
  if (view.vo) params.set('vo', view.vo);
  if (view.from) params.set('from', view.from);
  if (view.to) params.set('to', view.to);
  if (view.metric !== 'wallHours') params.set('metric', view.metric);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The hub's usage query for a view, grouped as asked (the view's metric is the page's concern). */
export function usagePath(
  view: Pick<AccountingView, 'site' | 'vo' | 'from' | 'to'>,
  groupBy: readonly string[],
  extra: Record<string, string> = {},
): string {
  const params = new URLSearchParams();
  if (view.site) params.set('site', view.site);
  if (view.vo) params.set('vo', view.vo);
  if (view.from) params.set('from', view.from);
  if (view.to) params.set('to', view.to);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  params.set('groupBy', groupBy.join(','));
  return `/accounting/usage?${params.toString()}`;
}

export const isFiltered = (view: AccountingView): boolean =>
  Boolean(view.site || view.vo || view.from || view.to);
