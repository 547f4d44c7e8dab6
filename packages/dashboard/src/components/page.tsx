import { type ReactNode, useEffect, useRef } from 'react';
import { hasNavigatedInApp } from '../lib/router.js';

/**
 * A page's heading and document title. Focus moves to the heading after in-app navigation, so
 * screen-reader users hear where they landed (as a full page load would tell them).
 */
export function PageHeading({ title, children }: { title: string; children?: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · fedcloud hub`;
  }, [title]);
  useEffect(() => {
    if (hasNavigatedInApp()) heading.current?.focus();
  }, []);
  return (
    <div className="page-heading">
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </div>
  );
}

/** A titled section with its heading wired to aria-labelledby. */
export function Section({
  id,
  title,
  children,
  actions,
}: {
  id: string;
  title: ReactNode;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <section className="section" aria-labelledby={`${id}-title`}>
      <div className="section-heading">
        <h2 id={`${id}-title`}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** Wide tables scroll sideways inside their card instead of widening the page on phones. */
export function TableScroll({ children, label }: { children: ReactNode; label: string }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
