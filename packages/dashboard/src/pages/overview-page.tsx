import type { FederationOverview, SiteSummary } from '@fedcloud/hub/api-types';
import { lazy, Suspense } from 'react';
import { Async, Loading } from '../components/async.js';
import { PageHeading, Section } from '../components/page.js';
import { SitesTable } from '../components/sites-table.js';
import { FullTime } from '../components/time.js';
import { useApi } from '../lib/api.js';
import { STATUS_COLOR, STATUS_LABEL, STATUSES } from '../lib/format.js';

// ECharts and the world outline load only with the map, after the numbers and the table.
const SitesMap = lazy(() => import('../charts/sites-map.js'));

function Headline({ overview }: { overview: FederationOverview }) {
  const cards: { label: string; value: number; status?: keyof typeof STATUS_COLOR }[] = [
    { label: 'Sites', value: overview.sites },
    { label: 'OK', value: overview.sitesOk, status: 'ok' },
    { label: 'Stale', value: overview.sitesStale, status: 'stale' },
    { label: 'No info', value: overview.sitesNoInfo, status: 'no-info' },
    { label: 'In downtime', value: overview.sitesInDowntime, status: 'downtime' },
    { label: 'VOs', value: overview.vos },
    { label: 'Endpoints', value: overview.endpoints },
    { label: 'Images', value: overview.images },
  ];
  return (
    <>
      <dl className="stats">
        {cards.map((card) => (
          <div key={card.label} className={`stat${card.status ? ` stat-${card.status}` : ''}`}>
            <dt>{card.label}</dt>
            <dd>{card.value}</dd>
          </div>
        ))}
      </dl>
      <p className="muted small">
        Figures as of <FullTime iso={overview.generatedAt} />.
      </p>
    </>
  );
}

function MapLegend({ sites }: { sites: readonly SiteSummary[] }) {
  const unplaced = sites.filter((site) => site.latitude === null || site.longitude === null).length;
  return (
    <div className="map-legend">
      <ul aria-label="Map legend">
        {STATUSES.map((status) => (
          <li key={status}>
            <span className="dot" style={{ background: STATUS_COLOR[status] }} aria-hidden="true" />
            {STATUS_LABEL[status]} ({sites.filter((site) => site.status === status).length})
          </li>
        ))}
      </ul>
      {unplaced > 0 && (
        <p className="muted small">
          {unplaced} site{unplaced === 1 ? ' has' : 's have'} no coordinates and{' '}
          {unplaced === 1 ? 'is' : 'are'} only in the table.
        </p>
      )}
    </div>
  );
}

export function OverviewPage() {
  const overview = useApi<FederationOverview>('/overview');
  const sites = useApi<SiteSummary[]>('/sites');
  return (
    <>
      <PageHeading title="Federation overview">
        <p className="lead">
          The sites of the federation, the VOs they serve and the freshness of their information.
        </p>
      </PageHeading>
      <Section id="summary" title="At a glance">
        <Async state={overview} what="the federation summary">
          {(data) => <Headline overview={data} />}
        </Async>
      </Section>
      <Async state={sites} what="the sites">
        {(data) => (
          <>
            <Section id="map" title="Map">
              <div className="card map-card">
                <Suspense fallback={<Loading what="the map" />}>
                  <SitesMap sites={data} />
                </Suspense>
                <MapLegend sites={data} />
              </div>
            </Section>
            <Section id="sites" title="Sites">
              <SitesTable sites={data} />
            </Section>
          </>
        )}
      </Async>
    </>
  );
}
