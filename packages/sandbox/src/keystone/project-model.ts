/** Projects carry the VO as an extra attribute, as EGI sites tag them for accounting. */
export const VO_ATTRIBUTE = 'egi.eu:VO';

/** The project property and tag accounting reads (cASO's `vo_property` and `caso_tag`). */
export const ACCOUNTING_VO_PROPERTY = 'VO';
export const ACCOUNTING_TAG = 'caso';

/** Where pre-Ocata Keystone put shadow users; the sandbox keeps that virtual domain. */
export const FEDERATED_DOMAIN = { id: 'Federated', name: 'Federated' } as const;

export interface DomainRecord {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  tags: string[];
  options: Record<string, unknown>;
}

export interface ProjectRecord {
  id: string;
  name: string;
  domain_id: string;
  description: string;
  enabled: boolean;
  is_domain: false;
  parent_id: string;
  tags: string[];
  options: Record<string, unknown>;
  [VO_ATTRIBUTE]?: string;
  [ACCOUNTING_VO_PROPERTY]?: string;
}
