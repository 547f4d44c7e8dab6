import type {
  Downtime,
  Endpoint,
  SiteDetail,
  SiteFlavor,
  SiteImage,
} from '@fedcloud/hub/api-types';
import { lazy, type ReactNode, Suspense } from 'react';
import { Async, Loading } from '../components/async.js';
import { PageHeading, Section, TableScroll } from '../components/page.js';
import { StatusBadge } from '../components/status-badge.js';
import { FullTime } from '../components/time.js';
import { useApi } from '../lib/api.js';
import { formatMemoryMb, formatRelative, yesNo } from '../lib/format.js';
import { groupBy } from '../lib/group.js';
import { Link, voPath } from '../lib/router.js';
import { NotFoundPage } from './not-found-page.js';

const FlavorsChart = lazy(() => import('../charts/flavors-chart.js'));

const isOutage = (downtime: Downtime): boolean => downtime.severity === 'OUTAGE';

/** Marketplace URLs arrive percent-encoded; people read them decoded. */
function readableUrl(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}

function Publication({ site }: { site: SiteDetail }) {
  if (!site.lastPublishedAt) {
    return (
      <div className="notice notice-muted">
        <p>
          <strong>No information published yet.</strong> Images and flavors appear once the site's
          agent publishes a GLUE 2.1 document.
        </p>
      </div>
    );
  }
  const stale = site.status === 'stale';
  const failing = site.status === 'failing';
  return (
    <div
      className={`notice ${stale || failing ? 'notice-warning' : 'notice-ok'}`}
      role={stale || failing ? 'alert' : undefined}
    >
      {failing && (
        <p>
          <strong>Unreachable:</strong> the site's agent cannot read the site
          {site.failingSince ? ` since ${formatRelative(site.failingSince)}` : ''}
          {site.statusReason ? ` (${site.statusReason})` : ''}; what is shown below is the last good
          information.
        </p>
      )}
      {stale && (
        <p>
          <strong>Stale information:</strong> the last document expired{' '}
          {site.infoExpiresAt ? formatRelative(site.infoExpiresAt) : 'some time ago'}; the images
          and flavors below may be out of date.
        </p>
      )}
      <dl className="inline-dl">
        <div>
          <dt>Last publication</dt>
          <dd>
            <FullTime iso={site.lastPublishedAt} />
          </dd>
        </div>
        {site.infoExpiresAt && (
          <div>
            <dt>{stale ? 'Expired' : 'Valid until'}</dt>
            <dd>
              <FullTime iso={site.infoExpiresAt} />
            </dd>
          </div>
        )}
      </dl>
    </div>
  );
}

function Details({ site }: { site: SiteDetail }) {
  const rows: [string, ReactNode][] = [
    ['Official name', site.officialName],
    [
      'Country',
      site.country ? `${site.country}${site.countryCode ? ` (${site.countryCode})` : ''}` : '',
    ],
    ['ROC / NGI', site.roc],
    ['Certification', site.certificationStatus],
    ['Infrastructure', site.productionInfrastructure],
    ['Time zone', site.timezone],
    [
      'Coordinates',
      site.latitude !== null && site.longitude !== null
        ? `${site.latitude.toFixed(3)}, ${site.longitude.toFixed(3)}`
        : '',
    ],
    [
      'Contact e-mail',
      site.contactEmail ? <a href={`mailto:${site.contactEmail}`}>{site.contactEmail}</a> : '',
    ],
    ['Contact phone', site.contactTel],
    [
      'Home page',
      site.homeUrl ? (
        <a href={site.homeUrl} rel="noreferrer noopener" target="_blank">
          {site.homeUrl}
        </a>
      ) : (
        ''
      ),
    ],
    ...Object.entries(site.extensions).map(([key, value]): [string, ReactNode] => [key, value]),
  ];
  return (
    <div className="card">
      {site.description && <p>{site.description}</p>}
      <dl className="details">
        {rows
          .filter(([, value]) => value !== '' && value !== null)
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
    </div>
  );
}

function Downtimes({ downtimes, endpoints }: { downtimes: Downtime[]; endpoints: Endpoint[] }) {
  if (downtimes.length === 0) return <p className="muted">No downtime declared.</p>;
  const hostOf = new Map(
    endpoints.map((endpoint) => [endpoint.id, `${endpoint.serviceType} (${endpoint.hostname})`]),
  );
  const sorted = [...downtimes].sort(
    (a, b) => Number(b.ongoing) - Number(a.ongoing) || a.startAt.localeCompare(b.startAt),
  );
  return (
    <TableScroll label="Downtimes">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Severity</th>
            <th scope="col">Classification</th>
            <th scope="col">Affects</th>
            <th scope="col">Description</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((downtime) => (
            <tr
              key={downtime.id}
              className={
                downtime.ongoing
                  ? `row-ongoing${isOutage(downtime) ? '' : ' row-warning'}`
                  : undefined
              }
            >
              <td>
                {downtime.ongoing && (
                  <span
                    className={`badge ${isOutage(downtime) ? 'badge-downtime' : 'badge-stale'}`}
                  >
                    Ongoing
                  </span>
                )}{' '}
                <FullTime iso={downtime.startAt} /> → <FullTime iso={downtime.endAt} />
              </td>
              <td>{downtime.severity}</td>
              <td>{downtime.classification}</td>
              <td>
                {downtime.endpointIds.length === 0 ||
                downtime.endpointIds.length === endpoints.length
                  ? 'All endpoints'
                  : downtime.endpointIds.map((id) => hostOf.get(id) ?? `endpoint ${id}`).join(', ')}
              </td>
              <td>{downtime.description || <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function Endpoints({ endpoints }: { endpoints: Endpoint[] }) {
  if (endpoints.length === 0) return <p className="muted">No endpoint registered.</p>;
  return (
    <TableScroll label="Endpoints">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Service type</th>
            <th scope="col">URL</th>
            <th scope="col">Production</th>
            <th scope="col">Monitored</th>
          </tr>
        </thead>
        <tbody>
          {endpoints.map((endpoint) => (
            <tr key={endpoint.id}>
              <td>
                <code>{endpoint.serviceType}</code>
                {endpoint.beta && <span className="badge badge-neutral">beta</span>}
              </td>
              <td className="break">{endpoint.url}</td>
              <td>{yesNo(endpoint.inProduction)}</td>
              <td>{yesNo(endpoint.monitored)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function Vos({ site }: { site: SiteDetail }) {
  if (site.vos.length === 0) return <p className="muted">No VO supported yet.</p>;
  return (
    <TableScroll label="VOs">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">VO</th>
            <th scope="col">Project id</th>
            <th scope="col">Project name</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {site.vos.map((entry) => (
            <tr key={`${entry.vo}/${entry.projectId}`}>
              <th scope="row">
                <Link to={voPath(entry.vo)}>{entry.vo}</Link>
              </th>
              <td>
                <code>{entry.projectId}</code>
              </td>
              <td>{entry.projectName || <span className="muted">—</span>}</td>
              <td>
                {entry.source === 'registry' ? 'Registry' : 'Published info'}
                {entry.staleReason && (
                  <span className="muted" title={entry.staleReason}>
                    {' '}
                    (not read in the last cycle
                    {entry.lastGoodAt ? `; last read ${formatRelative(entry.lastGoodAt)}` : ''})
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function ImagesTable({ images, label }: { images: SiteImage[]; label: string }) {
  return (
    <TableScroll label={label}>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Image</th>
            <th scope="col">Operating system</th>
            <th scope="col">Platform</th>
            <th scope="col">Marketplace</th>
          </tr>
        </thead>
        <tbody>
          {images.map((image) => (
            <tr key={`${image.vo}/${image.id}`}>
              <th scope="row">
                <span>{image.name}</span>
                {image.egiId && <span className="muted small block">{image.egiId}</span>}
              </th>
              <td>
                {image.osName} {image.osVersion ?? ''}
              </td>
              <td>{image.osPlatform}</td>
              <td className="break">
                {/* Shown, not linked: a publisher's marketplace URL may lead nowhere (AppDB has
                    retired), and the dashboard links only to pages it knows exist. */}
                {image.marketplaceUrl ? (
                  <code title={image.marketplaceUrl}>{readableUrl(image.marketplaceUrl)}</code>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function Images({ images }: { images: SiteImage[] }) {
  if (images.length === 0)
    return <p className="muted">The published information lists no image.</p>;
  return (
    <>
      {[...groupBy(images, (image) => image.vo)].map(([vo, list]) => (
        <div key={vo} className="group">
          <h3>
            <Link to={voPath(vo)}>{vo}</Link> <span className="muted small">({list.length})</span>
          </h3>
          <ImagesTable images={list} label={`Images for ${vo}`} />
        </div>
      ))}
    </>
  );
}

function gpuText(flavor: SiteFlavor): string {
  if (flavor.gpus === 0) return '—';
  const model = [flavor.gpuVendor, flavor.gpuModel].filter(Boolean).join(' ');
  return model ? `${flavor.gpus} × ${model}` : String(flavor.gpus);
}

function Flavors({ flavors }: { flavors: SiteFlavor[] }) {
  if (flavors.length === 0)
    return <p className="muted">The published information lists no flavor.</p>;
  const sorted = [...flavors].sort(
    (a, b) =>
      a.vo.localeCompare(b.vo) ||
      a.cpu - b.cpu ||
      a.ramMb - b.ramMb ||
      a.name.localeCompare(b.name),
  );
  return (
    <>
      <TableScroll label="Flavors">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Flavor</th>
              <th scope="col">VO</th>
              <th scope="col" className="num">
                vCPUs
              </th>
              <th scope="col" className="num">
                RAM
              </th>
              <th scope="col" className="num">
                Disk
              </th>
              <th scope="col">GPUs</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((flavor) => (
              <tr key={`${flavor.vo}/${flavor.id}`}>
                <th scope="row">{flavor.name}</th>
                <td>{flavor.vo}</td>
                <td className="num">{flavor.cpu}</td>
                <td className="num">{formatMemoryMb(flavor.ramMb)}</td>
                <td className="num">{flavor.diskGb} GB</td>
                <td>{gpuText(flavor)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <h3>Flavors by size</h3>
      <Suspense fallback={<Loading what="the chart" />}>
        <FlavorsChart flavors={flavors} />
      </Suspense>
    </>
  );
}

function SiteView({ site }: { site: SiteDetail }) {
  const name = encodeURIComponent(site.name);
  // Images and flavors come from the published document: nothing to ask for before the first one.
  const published = site.lastPublishedAt !== null;
  const images = useApi<SiteImage[]>(published ? `/sites/${name}/images` : null);
  const flavors = useApi<SiteFlavor[]>(published ? `/sites/${name}/flavors` : null);
  const ongoing = site.downtimes.filter((downtime) => downtime.ongoing);

  return (
    <>
      <PageHeading title={site.name}>
        <p className="lead">
          <StatusBadge status={site.status} />{' '}
          {site.officialName && site.officialName !== site.name && site.officialName}
          {site.country && ` · ${site.country}`}
        </p>
      </PageHeading>
      {ongoing.length > 0 && (
        <div
          className={`notice ${ongoing.some(isOutage) ? 'notice-error' : 'notice-warning'}`}
          role="alert"
        >
          {ongoing.map((downtime) => (
            <p key={downtime.id}>
              <strong>{isOutage(downtime) ? 'Outage' : 'Downtime (warning)'} under way</strong>{' '}
              until <FullTime iso={downtime.endAt} />
              {downtime.description && `: ${downtime.description}`}
            </p>
          ))}
        </div>
      )}
      <Section id="publication" title="Information">
        <Publication site={site} />
      </Section>
      <Section id="details" title="Details">
        <Details site={site} />
      </Section>
      <Section id="downtimes" title={`Downtimes (${site.downtimes.length})`}>
        <div className="card">
          <Downtimes downtimes={site.downtimes} endpoints={site.endpoints} />
        </div>
      </Section>
      <Section id="endpoints" title={`Endpoints (${site.endpoints.length})`}>
        <div className="card">
          <Endpoints endpoints={site.endpoints} />
        </div>
      </Section>
      <Section id="vos" title={`VOs (${site.vos.length})`}>
        <div className="card">
          <Vos site={site} />
        </div>
      </Section>
      {published && (
        <>
          <Section id="images" title="Images">
            <div className="card">
              <Async state={images} what="the images">
                {(data) => <Images images={data} />}
              </Async>
            </div>
          </Section>
          <Section id="flavors" title="Flavors">
            <div className="card">
              <Async state={flavors} what="the flavors">
                {(data) => <Flavors flavors={data} />}
              </Async>
            </div>
          </Section>
        </>
      )}
    </>
  );
}

export function SitePage({ name }: { name: string }) {
  const site = useApi<SiteDetail>(`/sites/${encodeURIComponent(name)}`);
  return (
    <Async
      state={site}
      what={`site ${name}`}
      notFound={() => (
        <NotFoundPage title="Site not found" message={`The hub knows no site called “${name}”.`} />
      )}
    >
      {(data) => <SiteView site={data} />}
    </Async>
  );
}
