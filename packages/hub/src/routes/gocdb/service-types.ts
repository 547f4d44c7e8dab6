import { primaryKey } from '../../services/lookup.js';
import type { PiEndpoint } from './data.js';
import { checkParams, type PiParams } from './params.js';
import { el, text, type XmlElement } from './xml.js';

/**
 * The service types of a cloud federation (GOCDB's cloud entries), in a fixed order so their
 * primary keys stay stable; types that endpoints use beyond these follow, by name.
 */
export const CLOUD_SERVICE_TYPES: readonly [string, string][] = [
  ['org.openstack.nova', 'OpenStack compute; the URL is the Keystone v3 endpoint'],
  ['org.openstack.swift', 'OpenStack object storage'],
  ['eu.egi.cloud.accounting', 'Cloud accounting publisher (APEL SSM); host DN = certificate DN'],
  ['eu.egi.cloud.vm-metadata.vmcatcher', 'Synchronisation of VO-endorsed virtual machine images'],
  ['eu.egi.cloud.infoProvider', 'Cloud information provider (GLUE 2.1)'],
  ['eu.egi.cloud.information.bdii', 'Cloud LDAP information system (GLUE2), deprecated'],
  ['eu.egi.cloud.vm-management.occi', 'OCCI virtual machine management, deprecated'],
  ['eu.egi.cloud.vm-metadata.marketplace', 'Virtual machine image marketplace'],
  ['eu.egi.cloud.storage-management.cdmi', 'CDMI storage management, deprecated'],
];

export function serviceTypeList(endpoints: PiEndpoint[], params: PiParams): XmlElement {
  checkParams(params, []);
  const known = new Set(CLOUD_SERVICE_TYPES.map(([name]) => name));
  const extra = [...new Set(endpoints.map((e) => e.service_type))]
    .filter((t) => !known.has(t))
    .sort();
  const all = [...CLOUD_SERVICE_TYPES, ...extra.map((t): [string, string] => [t, ''])];
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
