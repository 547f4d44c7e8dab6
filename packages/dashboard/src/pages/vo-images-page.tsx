import type {
  CatalogueImageState as ImageState,
  CatalogueList,
  CatalogueSite,
  VoImageCatalogue,
} from '@fedcloud/hub/api-types';
import type { ReactNode } from 'react';
import { Async } from '../components/async.js';
import { PageHeading, Section, TableScroll } from '../components/page.js';
import { StatusBadge } from '../components/status-badge.js';
import { FullTime, RelativeTime } from '../components/time.js';
import { useApi } from '../lib/api.js';
import { Link, sitePath, voPath } from '../lib/router.js';
import { NotFoundPage } from './not-found-page.js';

/** A state as a word and a colour (the site badges' colours), never a colour alone. */
const STATE_BADGE: Record<ImageState, { label: string; className: string }> = {
  current: { label: 'Current', className: 'badge-ok' },
  behind: { label: 'Behind', className: 'badge-stale' },
  missing: { label: 'Missing', className: 'badge-downtime' },
};

function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 || Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

/** The link's host, short enough for a table cell; the whole URL when it is not one. */
function hostOf(url: string): string {
  try {
    return new URL(url).hostname || url;
  } catch {
    return url;
  }
}

function StateBadge({
  state,
  listVersion,
  siteVersion,
}: {
  state: ImageState;
  listVersion: string;
  siteVersion: string | null;
}) {
  const { label, className } = STATE_BADGE[state];
  const title =
    state === 'current'
      ? `has version ${listVersion}`
      : state === 'behind'
        ? `has ${siteVersion === null ? 'a copy without a version' : `version ${siteVersion}`}, the list has ${listVersion}`
        : 'has no copy of this image';
  return (
    <>
      <span className={`badge ${className}`} title={title}>
        {label}
      </span>
      {state === 'behind' && siteVersion !== null && (
        <span className="muted small block">has version {siteVersion}</span>
      )}
    </>
  );
}

function ListDetails({ list }: { list: CatalogueList }) {
  const rows: [string, ReactNode][] = [
    ['Title', list.title],
    ['Identifier', <code key="id">{list.identifier}</code>],
    ['Version', list.version],
    ['Endorser', list.endorser.dn],
    ['Endorser’s CA', list.endorser.ca],
    ['Expires', <FullTime key="expires" iso={list.expires} />],
    ['Published to the hub', <FullTime key="published" iso={list.publishedAt} />],
    ['Visibility', list.public ? 'Public' : 'Private (members of the VO)'],
  ];
  return (
    <div className="card">
      {list.expired && (
        <div className="notice notice-warning" role="status">
          <p>
            <strong>This list has expired.</strong> Sites stop syncing an expired list; the VO
            manager publishes a new version.
          </p>
        </div>
      )}
      <dl className="details">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function ImagesTable({ list }: { list: CatalogueList }) {
  if (list.images.length === 0) return <p className="muted">The list names no image.</p>;
  return (
    <TableScroll label="Images of the list">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Image</th>
            <th scope="col">Version</th>
            <th scope="col">Format</th>
            <th scope="col" className="num">
              Size
            </th>
            <th scope="col">SHA-512</th>
            <th scope="col">Download</th>
          </tr>
        </thead>
        <tbody>
          {list.images.map((image) => (
            <tr key={image.identifier}>
              <th scope="row">
                <span>{image.title}</span>
                <span className="muted small block">{image.identifier}</span>
              </th>
              <td>{image.version}</td>
              <td>{image.format}</td>
              <td className="num">{formatBytes(image.sizeBytes)}</td>
              <td>
                <code title="the first hex digits of the checksum">{image.sha512Prefix}…</code>
              </td>
              <td>
                <a href={image.url} rel="noreferrer noopener">
                  {hostOf(image.url)}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function SitesGrid({ list, sites }: { list: CatalogueList; sites: CatalogueSite[] }) {
  return (
    <TableScroll label="Sites and the images they have">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Site</th>
            <th scope="col">Information</th>
            {list.images.map((image) => (
              <th scope="col" key={image.identifier} title={image.identifier}>
                {image.title}
              </th>
            ))}
            <th scope="col" className="num">
              Current
            </th>
          </tr>
        </thead>
        <tbody>
          {sites.map((site) => (
            <tr key={site.site}>
              <th scope="row">
                <Link to={sitePath(site.site)}>{site.site}</Link>{' '}
                <StatusBadge status={site.status} />
              </th>
              <td>
                {site.info ? (
                  <RelativeTime iso={site.info.creationTime} />
                ) : (
                  <span className="muted">never published</span>
                )}
              </td>
              {list.images.map((image, index) => {
                const at = site.images[index];
                return (
                  <td key={image.identifier}>
                    {at && (
                      <StateBadge
                        state={at.state}
                        listVersion={image.version}
                        siteVersion={at.siteVersion}
                      />
                    )}
                  </td>
                );
              })}
              <td className="num">
                {site.counts.current}/{list.images.length}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** Without a readable list, the sites are still listed with their information's time. */
function SitesList({ sites }: { sites: CatalogueSite[] }) {
  return (
    <ul>
      {sites.map((site) => (
        <li key={site.site}>
          <Link to={sitePath(site.site)}>{site.site}</Link> <StatusBadge status={site.status} />{' '}
          {site.info ? (
            <span className="muted small">
              information of <RelativeTime iso={site.info.creationTime} />
            </span>
          ) : (
            <span className="muted small">never published</span>
          )}
        </li>
      ))}
    </ul>
  );
}

function CatalogueView({ catalogue }: { catalogue: VoImageCatalogue }) {
  const { list, sites } = catalogue;
  const sitesTitle = `Sites (${sites.length})`;
  return (
    <>
      <PageHeading title={`${catalogue.vo} images`}>
        <p className="lead">
          The images <Link to={voPath(catalogue.vo)}>{catalogue.vo}</Link> endorses, and which sites
          have them.
        </p>
      </PageHeading>
      {catalogue.state === 'none' && (
        <div className="notice notice-muted" role="status">
          <p>This VO has published no image list yet.</p>
        </div>
      )}
      {catalogue.state === 'private' && (
        <div className="notice notice-warning" role="status">
          <p>
            This VO’s image list is private: only its members, its managers and the sites that
            support it may read it.
          </p>
        </div>
      )}
      {list && (
        <>
          <Section id="list" title="Image list">
            <ListDetails list={list} />
          </Section>
          <Section id="list-images" title={`Images (${list.images.length})`}>
            <div className="card">
              <ImagesTable list={list} />
            </div>
          </Section>
        </>
      )}
      <Section id="list-sites" title={sitesTitle}>
        <div className="card">
          {sites.length === 0 ? (
            <p className="muted">No site supports this VO yet.</p>
          ) : list && list.images.length > 0 ? (
            <>
              <p className="muted small">
                Current: the site has the list’s version. Behind: it has another version. Missing:
                it has none. From each site’s last published information.
              </p>
              <SitesGrid list={list} sites={sites} />
            </>
          ) : (
            <SitesList sites={sites} />
          )}
        </div>
      </Section>
    </>
  );
}

export function VoImagesPage({ name }: { name: string }) {
  const catalogue = useApi<VoImageCatalogue>(`/vos/${encodeURIComponent(name)}/image-catalogue`);
  return (
    <Async
      state={catalogue}
      what={`the images of ${name}`}
      notFound={() => (
        <NotFoundPage title="VO not found" message={`The hub knows no VO called “${name}”.`} />
      )}
    >
      {(data) => <CatalogueView catalogue={data} />}
    </Async>
  );
}
