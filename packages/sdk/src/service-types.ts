/**
 * GOCDB service types of a cloud federation (GOCDB's cloud entries; EGI's "Federated Cloud"
 * service types wiki page): the registry, the GOCDB API, the agent and the CLI name services by
 * these strings, so they are written once.
 */
export const NOVA_SERVICE_TYPE = 'org.openstack.nova';
export const SWIFT_SERVICE_TYPE = 'org.openstack.swift';
export const ACCOUNTING_SERVICE_TYPE = 'eu.egi.cloud.accounting';
export const IMAGE_SYNC_SERVICE_TYPE = 'eu.egi.cloud.vm-metadata.vmcatcher';
export const INFO_PROVIDER_SERVICE_TYPE = 'eu.egi.cloud.infoProvider';

/** Every cloud service type with its description, in a fixed order (GOCDB primary keys follow it). */
export const CLOUD_SERVICE_TYPES: readonly (readonly [type: string, description: string])[] = [
  [NOVA_SERVICE_TYPE, 'OpenStack compute; the URL is the Keystone v3 endpoint'],
  [SWIFT_SERVICE_TYPE, 'OpenStack object storage'],
  [ACCOUNTING_SERVICE_TYPE, 'Cloud accounting publisher (APEL SSM); host DN = certificate DN'],
  [IMAGE_SYNC_SERVICE_TYPE, 'Synchronisation of VO-endorsed virtual machine images'],
  [INFO_PROVIDER_SERVICE_TYPE, 'Cloud information provider (GLUE 2.1)'],
  ['eu.egi.cloud.information.bdii', 'Cloud LDAP information system (GLUE2), deprecated'],
  ['eu.egi.cloud.vm-management.occi', 'OCCI virtual machine management, deprecated'],
  ['eu.egi.cloud.vm-metadata.marketplace', 'Virtual machine image marketplace'],
  ['eu.egi.cloud.storage-management.cdmi', 'CDMI storage management, deprecated'],
];
