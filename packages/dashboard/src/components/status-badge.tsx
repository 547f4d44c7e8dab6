import type { SiteStatus } from '@fedcloud/hub/api-types';
import { STATUS_DESCRIPTION, STATUS_LABEL } from '../lib/format.js';

/** Status as a word and a colour, never a colour alone. */
export function StatusBadge({ status }: { status: SiteStatus }) {
  return (
    <span className={`badge badge-${status}`} title={STATUS_DESCRIPTION[status]}>
      {STATUS_LABEL[status]}
    </span>
  );
}
