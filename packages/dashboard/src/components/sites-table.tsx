import type { SiteSummary } from '@fedcloud/hub/api-types';
import { useId } from 'react';
import { STATUS_LABEL, STATUSES } from '../lib/format.js';
import { Link, navigate, sitePath, useLocation } from '../lib/router.js';
import {
  applySiteQuery,
  formatSiteQuery,
  parseSiteQuery,
  type SiteQuery,
  type SortKey,
  toggleSort,
} from '../lib/site-query.js';
import { TableScroll } from './page.js';
import { StatusBadge } from './status-badge.js';
import { RelativeTime } from './time.js';

const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: 'name', label: 'Name' },
  { key: 'country', label: 'Country' },
  { key: 'status', label: 'Status' },
  { key: 'voCount', label: 'VOs', numeric: true },
  { key: 'endpointCount', label: 'Endpoints', numeric: true },
  { key: 'lastPublishedAt', label: 'Last publication' },
];

function SortHeader({
  column,
  query,
  onSort,
}: {
  column: (typeof COLUMNS)[number];
  query: SiteQuery;
  onSort: (key: SortKey) => void;
}) {
  const active = query.sort === column.key;
  const direction = query.direction === 'asc' ? 'ascending' : 'descending';
  return (
    <th
      scope="col"
      aria-sort={active ? direction : 'none'}
      className={column.numeric ? 'num' : undefined}
    >
      <button type="button" className="sort" onClick={() => onSort(column.key)}>
        {column.label}
        <span className="sort-icon" aria-hidden="true">
          {active ? (query.direction === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

/** The sites, filterable by text and status and sortable by any column; the view lives in the URL. */
export function SitesTable({ sites }: { sites: readonly SiteSummary[] }) {
  const location = useLocation();
  const query = parseSiteQuery(location.search);
  const rows = applySiteQuery(sites, query);
  const textId = useId();
  const statusId = useId();

  const update = (next: SiteQuery) =>
    navigate(`${location.path}${formatSiteQuery(next)}`, { replace: true });

  return (
    <div className="card">
      <form className="filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor={textId}>Filter sites</label>
          <input
            id={textId}
            type="search"
            placeholder="Name or country"
            value={query.text}
            onChange={(event) => update({ ...query, text: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={statusId}>Status</label>
          <select
            id={statusId}
            value={query.status}
            onChange={(event) =>
              update({ ...query, status: event.target.value as SiteQuery['status'] })
            }
          >
            <option value="all">All statuses</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {STATUS_LABEL[status]}
              </option>
            ))}
          </select>
        </div>
        <p className="filter-count muted" aria-live="polite">
          {rows.length === sites.length
            ? `${sites.length} sites`
            : `${rows.length} of ${sites.length} sites`}
        </p>
      </form>
      <TableScroll label="Sites">
        <table className="table sites-table">
          <caption className="visually-hidden">
            Sites, sorted by {COLUMNS.find((column) => column.key === query.sort)?.label}{' '}
            {query.direction === 'asc' ? 'ascending' : 'descending'}
          </caption>
          <thead>
            <tr>
              {COLUMNS.map((column) => (
                <SortHeader
                  key={column.key}
                  column={column}
                  query={query}
                  onSort={(key) => update(toggleSort(query, key))}
                />
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((site) => (
              <tr
                key={site.name}
                className="clickable"
                data-site={site.name}
                onClick={(event) => {
                  // The name link handles its own clicks (and middle-clicks); the rest of the row is a shortcut.
                  if ((event.target as HTMLElement).closest('a')) return;
                  navigate(sitePath(site.name));
                }}
              >
                <th scope="row">
                  <Link to={sitePath(site.name)}>{site.name}</Link>
                  {site.officialName && site.officialName !== site.name && (
                    <span className="muted small block">{site.officialName}</span>
                  )}
                </th>
                <td>
                  {site.country || '—'}
                  {site.countryCode && <span className="muted small"> ({site.countryCode})</span>}
                </td>
                <td>
                  <StatusBadge status={site.status} />
                </td>
                <td className="num">{site.voCount}</td>
                <td className="num">{site.endpointCount}</td>
                <td>
                  {site.lastPublishedAt ? (
                    <RelativeTime iso={site.lastPublishedAt} />
                  ) : (
                    <span className="muted">Never</span>
                  )}
                </td>
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={COLUMNS.length} className="empty">
                  No site matches this filter.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}
