import type { VoDetail } from '@fedcloud/hub/api-types';
import { Async } from '../components/async.js';
import { PageHeading, Section, TableScroll } from '../components/page.js';
import { StatusBadge } from '../components/status-badge.js';
import { useApi } from '../lib/api.js';
import { Link, sitePath } from '../lib/router.js';
import { voImagesPath } from '../lib/routes.js';
import { imagesAcrossSites } from '../lib/vo-images.js';
import { NotFoundPage } from './not-found-page.js';

function VoView({ vo }: { vo: VoDetail }) {
  const images = imagesAcrossSites(vo);
  const sites = [...vo.sites].sort((a, b) => a.site.localeCompare(b.site));
  return (
    <>
      <PageHeading title={vo.name}>
        {vo.description && <p className="lead">{vo.description}</p>}
        {vo.homepage && (
          <p>
            <a href={vo.homepage} rel="noreferrer noopener" target="_blank">
              {vo.homepage}
            </a>
          </p>
        )}
      </PageHeading>
      <Section
        id="vo-sites"
        title={`Where it runs (${vo.sites.length} site${vo.sites.length === 1 ? '' : 's'})`}
      >
        <div className="card">
          {sites.length === 0 ? (
            <p className="muted">No site supports this VO yet.</p>
          ) : (
            <TableScroll label="Sites supporting this VO">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Site</th>
                    <th scope="col">Status</th>
                    <th scope="col">Project id</th>
                    <th scope="col">Project name</th>
                    <th scope="col" className="num">
                      Images
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {sites.map((site) => (
                    <tr key={`${site.site}/${site.projectId}`}>
                      <th scope="row">
                        <Link to={sitePath(site.site)}>{site.site}</Link>
                      </th>
                      <td>
                        <StatusBadge status={site.status} />
                      </td>
                      <td>
                        <code>{site.projectId}</code>
                      </td>
                      <td>{site.projectName || <span className="muted">—</span>}</td>
                      <td className="num">{site.images.length}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </div>
      </Section>
      <Section id="vo-images" title={`Images (${images.length})`}>
        <div className="card">
          <p>
            <Link to={voImagesPath(vo.name)}>The VO’s image list</Link>: the images it endorses and
            which sites have synced them.
          </p>
          {images.length === 0 ? (
            <p className="muted">No site publishes an image for this VO.</p>
          ) : (
            <TableScroll label="Images available to this VO">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Image</th>
                    <th scope="col">Operating system</th>
                    <th scope="col">Sites</th>
                  </tr>
                </thead>
                <tbody>
                  {images.map(({ key, image, sites: where }) => (
                    <tr key={key}>
                      <th scope="row">
                        <span>{image.name}</span>
                        {image.egiId && <span className="muted small block">{image.egiId}</span>}
                      </th>
                      <td>
                        {image.osName} {image.osVersion ?? ''}
                      </td>
                      <td>
                        {where.map((site, index) => (
                          <span key={site}>
                            {index > 0 && ', '}
                            <Link to={sitePath(site)}>{site}</Link>
                          </span>
                        ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </div>
      </Section>
    </>
  );
}

export function VoPage({ name }: { name: string }) {
  const vo = useApi<VoDetail>(`/vos/${encodeURIComponent(name)}`);
  return (
    <Async
      state={vo}
      what={`VO ${name}`}
      notFound={() => (
        <NotFoundPage title="VO not found" message={`The hub knows no VO called “${name}”.`} />
      )}
    >
      {(data) => <VoView vo={data} />}
    </Async>
  );
}
