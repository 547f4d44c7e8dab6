import type { VoSummary } from '@fedcloud/hub/api-types';
import { useId, useState } from 'react';
import { Async } from '../components/async.js';
import { PageHeading, Section, TableScroll } from '../components/page.js';
import { useApi } from '../lib/api.js';
import { Link, voPath } from '../lib/router.js';

function VoTable({ vos }: { vos: VoSummary[] }) {
  const [text, setText] = useState('');
  const filterId = useId();
  const needle = text.trim().toLowerCase();
  const rows = vos
    .filter(
      (vo) =>
        !needle ||
        vo.name.toLowerCase().includes(needle) ||
        vo.description.toLowerCase().includes(needle),
    )
    .sort((a, b) => a.name.localeCompare(b.name));
  return (
    <div className="card">
      <form className="filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor={filterId}>Filter VOs</label>
          <input
            id={filterId}
            type="search"
            placeholder="Name or description"
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        </div>
        <p className="filter-count muted" aria-live="polite">
          {rows.length === vos.length ? `${vos.length} VOs` : `${rows.length} of ${vos.length} VOs`}
        </p>
      </form>
      <TableScroll label="VOs">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">VO</th>
              <th scope="col">Description</th>
              <th scope="col" className="num">
                Sites
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((vo) => (
              <tr key={vo.name}>
                <th scope="row">
                  <Link to={voPath(vo.name)}>{vo.name}</Link>
                </th>
                <td>{vo.description || <span className="muted">—</span>}</td>
                <td className="num">{vo.siteCount}</td>
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={3} className="empty">
                  {vos.length === 0 ? 'No VO is registered yet.' : 'No VO matches this filter.'}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}

export function VoListPage() {
  const vos = useApi<VoSummary[]>('/vos');
  return (
    <>
      <PageHeading title="Virtual organisations">
        <p className="lead">Each VO gets a project at the sites that support it.</p>
      </PageHeading>
      <Section id="vo-list" title="VOs">
        <Async state={vos} what="the VOs">
          {(data) => <VoTable vos={data} />}
        </Async>
      </Section>
    </>
  );
}
