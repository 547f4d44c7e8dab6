import { AccountingPage } from './pages/accounting/accounting-page.js';
import { NotFoundPage } from './pages/not-found-page.js';
import { OverviewPage } from './pages/overview-page.js';
import { SitePage } from './pages/site-page.js';
import { VoImagesPage } from './pages/vo-images-page.js';
import { VoListPage } from './pages/vo-list-page.js';
import { VoPage } from './pages/vo-page.js';
import { Link, matchRoute, type Route, useLocation } from './lib/router.js';

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'overview':
      return <OverviewPage />;
    case 'site':
      return <SitePage name={route.name} />;
    case 'vos':
      return <VoListPage />;
    case 'vo':
      return <VoPage name={route.name} />;
    case 'vo-images':
      return <VoImagesPage name={route.name} />;
    case 'accounting':
      return <AccountingPage />;
    case 'not-found':
      return <NotFoundPage title="Page not found" message={`There is no page at ${route.path}.`} />;
  }
}

/** "page" on the section's own page, "true" on the pages below it (a site under Sites). */
function NavLink({
  to,
  current,
  children,
}: {
  to: string;
  current: 'page' | boolean;
  children: string;
}) {
  return (
    <Link to={to} aria-current={current === 'page' ? 'page' : current ? 'true' : undefined}>
      {children}
    </Link>
  );
}

export function App() {
  const location = useLocation();
  const route = matchRoute(location.path);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to="/" className="brand">
            <img src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" width="28" height="28" />
            <span>fedcloud hub</span>
          </Link>
          <nav aria-label="Main">
            <NavLink to="/" current={route.page === 'overview' ? 'page' : route.page === 'site'}>
              Sites
            </NavLink>
            <NavLink
              to="/vos"
              current={
                route.page === 'vos' ? 'page' : route.page === 'vo' || route.page === 'vo-images'
              }
            >
              VOs
            </NavLink>
            <NavLink to="/accounting" current={route.page === 'accounting' ? 'page' : false}>
              Accounting
            </NavLink>
          </nav>
        </div>
      </header>
      <main id="main" className="content">
        {/* A new key per path remounts the page, so its data and focus start afresh. */}
        <Page key={location.path} route={route} />
      </main>
      <footer className="footer">
        <p>
          fedcloud hub · data from the <a href="/api/v1/overview">JSON API</a> (
          <a href="/openapi.json">OpenAPI</a>)
        </p>
      </footer>
    </>
  );
}
