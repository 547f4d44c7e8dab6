import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react';
import { toAppPath, toBrowserPath } from './routes.js';

export { matchRoute, type Route, sitePath, voPath } from './routes.js';

/**
 * A tiny History-API router. Paths inside the app are written without the base ("/sites/x");
 * the base ("/dashboard/") is added when talking to the browser, so the app does not care where
 * the hub mounts it.
 */

const BASE = import.meta.env.BASE_URL.replace(/\/$/, '');
const toBrowser = (appPath: string): string => toBrowserPath(appPath, BASE);
const NAVIGATE_EVENT = 'fedcloud:navigate';

export interface Location {
  /** Path inside the app, always starting with "/", still URI-encoded. */
  path: string;
  search: string;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

// useSyncExternalStore needs a stable snapshot: a string, parsed by the hook.
const snapshot = (): string => `${window.location.pathname}${window.location.search}`;

export function useLocation(): Location {
  const current = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(current, 'http://local');
  return { path: toAppPath(url.pathname, BASE), search: url.search };
}

let navigatedInApp = false;

/** True once the user has moved between pages without a full load (pages then take focus). */
export const hasNavigatedInApp = (): boolean => navigatedInApp;

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => {
    navigatedInApp = true;
  });
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const target = toBrowser(to);
  if (target === snapshot()) return;
  if (!options.replace) navigatedInApp = true;
  if (options.replace) window.history.replaceState(null, '', target);
  else window.history.pushState(null, '', target);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
  if (!options.replace) window.scrollTo(0, 0);
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string };

/** An ordinary link (so middle-click and "open in new tab" work) that navigates in-app on a plain click. */
export function Link({ to, onClick, ...rest }: LinkProps) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey ||
      (rest.target && rest.target !== '_self')
    ) {
      return;
    }
    event.preventDefault();
    navigate(to);
  };
  return <a href={toBrowser(to)} onClick={handleClick} {...rest} />;
}
