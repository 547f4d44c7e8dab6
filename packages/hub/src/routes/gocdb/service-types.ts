import { CLOUD_SERVICE_TYPES } from '@fedcloud/sdk';
import { primaryKey } from '../../services/lookup.js';
import type { PiEndpoint } from './data.js';
import { checkParams, type PiParams } from './params.js';
import { el, text, type XmlElement } from './xml.js';

export function serviceTypeList(endpoints: PiEndpoint[], params: PiParams): XmlElement {
  checkParams(params, []);
  const known = new Set(CLOUD_SERVICE_TYPES.map(([name]) => name));
  const extra = [...new Set(endpoints.map((e) => e.service_type))]
    .filter((t) => !known.has(t))
    .sort();
  // Types that endpoints use beyond the federation's own follow them, by name.
  const all = [...CLOUD_SERVICE_TYPES, ...extra.map((t) => [t, ''] as const)];
  return el(
    'results',
    {},
    all.map(([name, description], i) =>
      el('SERVICE_TYPE', { TYPE_ID: primaryKey(i + 1), PRIMARY_KEY: primaryKey(i + 1) }, [
        text('SERVICE_TYPE_NAME', name),
        description ? text('SERVICE_TYPE_DESC', description) : el('SERVICE_TYPE_DESC'),
      ]),
    ),
  );
}
