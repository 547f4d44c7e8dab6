import { PageHeading } from '../components/page.js';
import { Link } from '../lib/router.js';

/** For unknown paths and for sites or VOs the hub does not know. */
export function NotFoundPage({ title, message }: { title: string; message: string }) {
  return (
    <div className="not-found">
      <PageHeading title={title} />
      <div className="notice notice-warning">
        <p>{message}</p>
      </div>
      <p>
        <Link to="/">Back to the federation overview</Link> · <Link to="/vos">All VOs</Link>
      </p>
    </div>
  );
}
