import { formatAbsolute, formatRelative } from '../lib/format.js';

/** A relative time ("3 hours ago") with the exact UTC instant on hover and in the markup. */
export function RelativeTime({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={formatAbsolute(iso)}>
      {formatRelative(iso)}
    </time>
  );
}

/** The exact instant with the relative time after it, for places where the date itself matters. */
export function FullTime({ iso }: { iso: string }) {
  return (
    <time dateTime={iso}>
      {formatAbsolute(iso)} <span className="muted">({formatRelative(iso)})</span>
    </time>
  );
}
