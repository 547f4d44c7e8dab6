import type {
  AccountingSite,
  AccountingUsage,
  AccountingUsageRow,
  VoSummary,
  WhoAmI,
} from '@fedcloud/hub/api-types';
import { lazy, type ReactNode, Suspense, useId } from 'react';
import { Async, Loading } from '../../components/async.js';
import { PageHeading, Section, TableScroll } from '../../components/page.js';
import { FullTime, RelativeTime } from '../../components/time.js';
import { type Loadable, useApi } from '../../lib/api.js';
import { Link, navigate, sitePath, useLocation, voPath } from '../../lib/router.js';
import { mayReadDetail, useAccessToken, useTokenApi, useWhoAmI } from './auth.js';
import { Downloads } from './downloads.js';
import { formatCount, formatHours } from './format.js';
import { TokenPanel } from './token-panel.js';
import {
  type Metric,
  METRICS,
  metricLabel,
  perMonth,
  recordsCsv,
  siteLines,
  siteRecords,
  stackedBy,
  sumBy,
  totalOf,
  usageCsv,
} from './usage-data.js';
import {
  type AccountingView,
  DEFAULT_VIEW,
  formatView,
  isFiltered,
  parseView,
  usagePath,
} from './view-query.js';
import './accounting.css';

// ECharts loads with the first chart, after the figures and the tables.
const StackedUsageChart = lazy(() =>
  import('./charts.js').then((module) => ({ default: module.StackedUsageChart })),
);
const CpuAndVmsChart = lazy(() =>
  import('./charts.js').then((module) => ({ default: module.CpuAndVmsChart })),
);

const TOP_USERS = 10;

function rangeOf(view: AccountingView): { from?: string; to?: string } {
  return { ...(view.from ? { from: view.from } : {}), ...(view.to ? { to: view.to } : {}) };
}

function describeView(view: AccountingView): string {
  const parts = [
    view.site && `site ${view.site}`,
    view.vo && `VO ${view.vo}`,
    view.from && view.to
      ? `${view.from} to ${view.to}`
      : view.from
        ? `from ${view.from}`
        : view.to && `up to ${view.to}`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'the whole federation, every month';
}

function Filters({
  view,
  sites,
  vos,
  update,
}: {
  view: AccountingView;
  sites: readonly string[];
  vos: readonly string[];
  update: (view: AccountingView) => void;
}) {
  const ids = { site: useId(), vo: useId(), from: useId(), to: useId(), metric: useId() };
  // A name from a shared link stays selectable even when the lists do not hold it.
  const withCurrent = (names: readonly string[], current: string) =>
    current && !names.includes(current) ? [...names, current] : names;
  return (
    <form
      className="filters card accounting-filters"
      role="search"
      aria-label="Accounting filters"
      onSubmit={(event) => event.preventDefault()}
    >
      <div className="field">
        <label htmlFor={ids.site}>Site</label>
        <select
          id={ids.site}
          value={view.site}
          onChange={(event) => update({ ...view, site: event.target.value })}
        >
          <option value="">All sites</option>
          {withCurrent(sites, view.site).map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.vo}>VO</label>
        <select
          id={ids.vo}
          value={view.vo}
          onChange={(event) => update({ ...view, vo: event.target.value })}
        >
          <option value="">All VOs</option>
          {withCurrent(vos, view.vo).map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-month">
        <label htmlFor={ids.from}>From month</label>
        <input
          id={ids.from}
          type="month"
          value={view.from}
          max={view.to || undefined}
          onChange={(event) => update({ ...view, from: event.target.value })}
        />
      </div>
      <div className="field field-month">
        <label htmlFor={ids.to}>To month</label>
        <input
          id={ids.to}
          type="month"
          value={view.to}
          min={view.from || undefined}
          onChange={(event) => update({ ...view, to: event.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.metric}>Charts show</label>
        <select
          id={ids.metric}
          value={view.metric}
          onChange={(event) => update({ ...view, metric: event.target.value as Metric })}
        >
          {METRICS.map((metric) => (
            <option key={metric.value} value={metric.value}>
              {metric.label}
            </option>
          ))}
        </select>
      </div>
      {isFiltered(view) && (
        <button
          type="button"
          className="button"
          onClick={() => update({ ...DEFAULT_VIEW, metric: view.metric })}
        >
          Clear filters
        </button>
      )}
    </form>
  );
}

function Headline({ rows }: { rows: readonly AccountingUsageRow[] }) {
  const total = totalOf(rows);
  const count = (key: 'site' | 'vo' | 'month') => new Set(rows.map((row) => row[key])).size;
  const cards = [
    { label: 'Wall-clock hours', value: formatHours(total.wallHours) },
    { label: 'CPU hours', value: formatHours(total.cpuHours) },
    { label: 'VMs', value: formatCount(total.vms) },
    { label: 'Sites', value: formatCount(count('site')) },
    { label: 'VOs', value: formatCount(count('vo')) },
    { label: 'Months', value: formatCount(count('month')) },
  ];
  return (
    <dl className="stats accounting-stats">
      {cards.map((card) => (
        <div key={card.label} className="stat">
          <dt>{card.label}</dt>
          <dd>{card.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A figures table: one line per row, with the first columns the caller's and a total line. */
function FiguresTable({
  label,
  head,
  rows,
  cells,
  total,
}: {
  label: string;
  head: string[];
  rows: readonly AccountingUsageRow[];
  cells: (row: AccountingUsageRow) => ReactNode[];
  total?: boolean;
}) {
  const sum = totalOf(rows);
  return (
    <TableScroll label={label}>
      <table className="table accounting-table">
        <thead>
          <tr>
            {head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
            <th scope="col" className="num">
              Wall-clock hours
            </th>
            <th scope="col" className="num">
              CPU hours
            </th>
            <th scope="col" className="num">
              VMs
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index}>
              {cells(row).map((cell, i) =>
                i === 0 ? (
                  <th key={i} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={i}>{cell}</td>
                ),
              )}
              <td className="num">{formatHours(row.wallHours)}</td>
              <td className="num">{formatHours(row.cpuHours)}</td>
              <td className="num">{formatCount(row.vms)}</td>
            </tr>
          ))}
        </tbody>
        {total && rows.length > 1 && (
          <tfoot>
            <tr>
              <th scope="row" colSpan={head.length}>
                Total
              </th>
              <td className="num">{formatHours(sum.wallHours)}</td>
              <td className="num">{formatHours(sum.cpuHours)}</td>
              <td className="num">{formatCount(sum.vms)}</td>
            </tr>
          </tfoot>
        )}
      </table>
    </TableScroll>
  );
}

function StackedSection({
  by,
  rows,
  view,
}: {
  by: 'site' | 'vo';
  rows: readonly AccountingUsageRow[];
  view: AccountingView;
}) {
  const data = stackedBy(rows, by, view.metric, rangeOf(view));
  const label = by === 'site' ? 'site' : 'VO';
  const detail = sumBy(rows, [by, 'month']);
  const totals = sumBy(rows, [by]).sort((a, b) => b[view.metric] - a[view.metric]);
  return (
    <Section
      id={`by-${by}`}
      title={`${metricLabel(view.metric)} per month by ${label}`}
      actions={
        <Downloads
          name={`accounting-by-${by}`}
          what={`usage by ${label} and month`}
          csv={() => usageCsv(detail, [by, 'month'])}
          json={() => detail}
        />
      }
    >
      <div className="card">
        <Suspense fallback={<Loading what="the chart" />}>
          <StackedUsageChart data={data} metric={view.metric} by={by === 'site' ? 'site' : 'VO'} />
        </Suspense>
        <FiguresTable
          label={`Usage by ${label}`}
          head={[by === 'site' ? 'Site' : 'VO']}
          rows={totals}
          cells={(row) => [
            by === 'site' ? (
              <Link to={sitePath(row.site ?? '')}>{row.site}</Link>
            ) : (
              <Link to={voPath(row.vo ?? '')}>{row.vo}</Link>
            ),
          ]}
          total
        />
      </div>
    </Section>
  );
}

function MonthlySection({
  rows,
  view,
}: {
  rows: readonly AccountingUsageRow[];
  view: AccountingView;
}) {
  const months = perMonth(rows, rangeOf(view));
  return (
    <Section
      id="per-month"
      title="CPU hours and VMs per month"
      actions={
        <Downloads
          name="accounting-per-month"
          what="usage per month"
          csv={() => usageCsv(months, ['month'])}
          json={() => months}
        />
      }
    >
      <div className="card">
        <Suspense fallback={<Loading what="the chart" />}>
          <CpuAndVmsChart months={months} />
        </Suspense>
        <FiguresTable
          label="Usage per month"
          head={['Month']}
          rows={months}
          cells={(row) => [row.month]}
          total
        />
        <p className="muted small">
          VMs counts each VM once in every month it ran (APEL&apos;s NumberOfVMs); hours are what
          the VMs used in that month.
        </p>
      </div>
    </Section>
  );
}

function SitesSection({
  sites,
  rows,
  view,
}: {
  sites: readonly AccountingSite[];
  rows: readonly AccountingUsageRow[];
  view: AccountingView;
}) {
  const shown = view.site ? sites.filter((site) => site.site === view.site) : sites;
  const lines = siteLines(shown, rows);
  return (
    <Section
      id="accounting-sites"
      title="Sites"
      actions={
        <Downloads
          name="accounting-sites"
          what="the sites table"
          csv={() => recordsCsv(siteRecords(lines))}
          json={() => siteRecords(lines)}
        />
      }
    >
      <div className="card">
        <TableScroll label="Accounting per site">
          <table className="table accounting-table">
            <thead>
              <tr>
                <th scope="col">Site</th>
                <th scope="col" className="num">
                  Wall-clock hours
                </th>
                <th scope="col" className="num">
                  CPU hours
                </th>
                <th scope="col" className="num">
                  VMs
                </th>
                <th scope="col" className="num">
                  Records stored
                </th>
                <th scope="col">Last record received</th>
                <th scope="col">Records reach</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => (
                <tr key={line.site} data-site={line.site}>
                  <th scope="row">
                    {line.registered ? (
                      <Link to={sitePath(line.site)}>{line.site}</Link>
                    ) : (
                      <>
                        {line.site} <span className="muted small">(no longer registered)</span>
                      </>
                    )}
                  </th>
                  <td className="num">{formatHours(line.usage.wallHours)}</td>
                  <td className="num">{formatHours(line.usage.cpuHours)}</td>
                  <td className="num">{formatCount(line.usage.vms)}</td>
                  <td className="num">{formatCount(line.records)}</td>
                  <td className="last-record">
                    {line.lastReceivedAt ? (
                      <FullTime iso={line.lastReceivedAt} />
                    ) : (
                      <span className="muted">Never</span>
                    )}
                  </td>
                  <td>
                    {line.latestMeasurement ? (
                      <RelativeTime iso={line.latestMeasurement} />
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
              {lines.length === 0 && (
                <tr>
                  <td colSpan={7} className="empty">
                    No site is registered yet.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </TableScroll>
        <p className="muted small">
          Usage is for the filters above; records stored and dates are the site&apos;s whole
          history. &ldquo;Records reach&rdquo; is the latest moment the site&apos;s records measure.
        </p>
      </div>
    </Section>
  );
}

function HowAccountingArrives() {
  return (
    <>
      <p>
        Sites send APEL cloud usage records (v0.4, as cASO writes them) to this hub:{' '}
        <code>fedcloud-agent accounting</code> beside the site&apos;s OpenStack extracts and sends
        them, or a site&apos;s stock cASO and <code>ssmsend</code> pointed at the hub. Each batch
        arrives with{' '}
        <code>PUT /api/v1/sites/&#123;site&#125;/accounting/batches/&#123;id&#125;</code> from the
        site&apos;s agent or admin, and the sums appear here at once.
      </p>
      <p className="muted small">
        The same figures from a terminal: <code>fedcloud accounting --group-by site,vo</code>.
      </p>
    </>
  );
}

function EmptyUsage({ view, clear }: { view: AccountingView; clear: () => void }) {
  if (isFiltered(view)) {
    return (
      <div className="notice notice-muted accounting-empty" role="status">
        <p>
          <strong>No usage matches these filters</strong> ({describeView(view)}).
        </p>
        <p>
          <button type="button" className="button" onClick={clear}>
            Clear filters
          </button>
        </p>
      </div>
    );
  }
  return (
    <div className="notice notice-muted accounting-empty" role="status">
      <p>
        <strong>No accounting records yet.</strong>
      </p>
      <HowAccountingArrives />
    </div>
  );
}

/** Per-user usage for a VO's manager or a site's admin: who used the most. */
function TopUsers({
  view,
  token,
  who,
  update,
}: {
  view: AccountingView;
  token: string;
  who: Loadable<WhoAmI>;
  update: (view: AccountingView) => void;
}) {
  const target = view.vo ? { vo: view.vo } : view.site ? { site: view.site } : undefined;
  const allowed = who.status === 'ok' && target !== undefined && mayReadDetail(who.data, target);
  const users = useTokenApi<AccountingUsage>(allowed ? usagePath(view, ['user']) : null, token);
  const managed =
    who.status === 'ok'
      ? who.data.grants.filter((g) => g.role === 'vo-manager' || g.role === 'site-admin')
      : [];
  if (!target) {
    if (managed.length === 0) return null;
    return (
      <Section id="top-users" title="Top users">
        <div className="notice notice-muted">
          <p>Pick what you answer for to see its users:</p>
          <ul>
            {managed.map((grant) => (
              <li key={`${grant.role}/${grant.target}`}>
                <button
                  type="button"
                  className="button button-link"
                  onClick={() =>
                    update(
                      grant.role === 'vo-manager'
                        ? { ...view, vo: grant.target }
                        : { ...view, site: grant.target },
                    )
                  }
                >
                  {grant.role === 'vo-manager' ? `VO ${grant.target}` : `site ${grant.target}`}
                </button>
              </li>
            ))}
          </ul>
        </div>
      </Section>
    );
  }
  const what = target.vo ? `VO ${target.vo}` : `site ${target.site}`;
  const role = target.vo ? `a VO manager of ${target.vo}` : `a site admin of ${target.site}`;
  let body: ReactNode;
  if (!token) {
    body = (
      <div className="notice notice-muted">
        <p>
          The users of {what} are shown to {role} (or a federation admin): sign in with an access
          token above.
        </p>
      </div>
    );
  } else if (who.status !== 'ok') {
    body = who.status === 'loading' ? <Loading what="who you are" /> : null;
  } else if (!allowed) {
    body = (
      <div className="notice notice-muted">
        <p>
          {who.data.subject ?? 'This token'} is not {role}, so the users of {what} stay hidden; your
          own usage is below.
        </p>
      </div>
    );
  } else {
    body = (
      <Async state={users} what={`the users of ${what}`}>
        {(data) => {
          const ranked = [...data.rows].sort((a, b) => b[view.metric] - a[view.metric]);
          const total = totalOf(data.rows)[view.metric];
          const top = ranked.slice(0, TOP_USERS);
          return (
            <div className="card">
              <div className="section-tools">
                <p className="muted small">
                  {data.rows.length} user{data.rows.length === 1 ? '' : 's'}, ranked by{' '}
                  {metricLabel(view.metric).toLowerCase()}
                  {ranked.length > TOP_USERS
                    ? `; the first ${TOP_USERS} shown, all in the downloads`
                    : ''}
                  .
                </p>
                <Downloads
                  name={`accounting-users-${(target.vo ?? target.site ?? '').replace(/[^\w.-]+/g, '_')}`}
                  what={`the users of ${what}`}
                  csv={() => usageCsv(ranked, ['user'])}
                  json={() => ranked}
                />
              </div>
              <FiguresTable
                label={`Top users of ${what}`}
                head={['User', 'Share']}
                rows={top}
                cells={(row) => [
                  <span className="break">{row.user}</span>,
                  total > 0 ? `${Math.round((row[view.metric] / total) * 100)} %` : '—',
                ]}
              />
            </div>
          );
        }}
      </Async>
    );
  }
  return (
    <Section id="top-users" title={`Top users of ${what}`}>
      {body}
    </Section>
  );
}

/** The signed-in user's own usage, per month, within the filters. */
function MyUsage({
  view,
  token,
  who,
}: {
  view: AccountingView;
  token: string;
  who: Loadable<WhoAmI>;
}) {
  const subject = who.status === 'ok' && who.data.kind === 'user' ? who.data.subject : undefined;
  const mine = useTokenApi<AccountingUsage>(
    subject ? usagePath(view, ['month'], { user: subject }) : null,
    token,
  );
  if (!subject) return null;
  return (
    <Section id="my-usage" title="Your usage">
      <Async state={mine} what="your usage">
        {(data) => (
          <div className="card">
            {data.rows.length === 0 ? (
              <p className="muted">No usage of yours is recorded for {describeView(view)}.</p>
            ) : (
              <>
                <div className="section-tools">
                  <p className="muted small">
                    Filed under your token&apos;s subject, as the sites report it.
                  </p>
                  <Downloads
                    name="accounting-my-usage"
                    what="your usage"
                    csv={() => usageCsv(data.rows, ['month'])}
                    json={() => data.rows}
                  />
                </div>
                <FiguresTable
                  label="Your usage per month"
                  head={['Month']}
                  rows={data.rows}
                  cells={(row) => [row.month]}
                  total
                />
              </>
            )}
          </div>
        )}
      </Async>
    </Section>
  );
}

export function AccountingPage() {
  const location = useLocation();
  const view = parseView(location.search);
  const update = (next: AccountingView) =>
    navigate(`${location.path}${formatView(next)}`, { replace: true });
  const token = useAccessToken();
  const who = useWhoAmI(token);
  const sites = useApi<AccountingSite[]>('/accounting/sites');
  const vos = useApi<VoSummary[]>('/vos');
  const usage = useApi<AccountingUsage>(usagePath(view, ['site', 'vo', 'month']));
  const siteNames = sites.status === 'ok' ? sites.data.map((site) => site.site) : [];
  const voNames = vos.status === 'ok' ? vos.data.map((vo) => vo.name) : [];

  return (
    <div className="accounting">
      <PageHeading title="Accounting">
        <p className="lead">
          What the federation&apos;s VMs used, per site, VO and month, from the APEL cloud records
          the sites send.
        </p>
      </PageHeading>
      <TokenPanel token={token} who={who} />
      <Filters view={view} sites={siteNames} vos={voNames} update={update} />
      <Async state={usage} what="the usage">
        {(data) => (
          <>
            <Section id="totals" title={`Totals: ${describeView(view)}`}>
              {data.rows.length === 0 ? (
                <EmptyUsage
                  view={view}
                  clear={() => update({ ...DEFAULT_VIEW, metric: view.metric })}
                />
              ) : (
                <Headline rows={data.rows} />
              )}
            </Section>
            <TopUsers view={view} token={token} who={who} update={update} />
            <MyUsage view={view} token={token} who={who} />
            {data.rows.length > 0 && (
              <>
                {/* One site (or VO) chosen: its own chart would be one colour, the totals again. */}
                {!view.site && <StackedSection by="site" rows={data.rows} view={view} />}
                {!view.vo && <StackedSection by="vo" rows={data.rows} view={view} />}
                <MonthlySection rows={data.rows} view={view} />
              </>
            )}
            <Async state={sites} what="the accounting sites">
              {(list) => <SitesSection sites={list} rows={data.rows} view={view} />}
            </Async>
          </>
        )}
      </Async>
    </div>
  );
}
