export interface IdentityProviderRecord {
  id: string;
  description: string;
  enabled: boolean;
  domain_id: string;
  remote_ids: string[];
  authorization_ttl: null;
}

export interface ProtocolRecord {
  id: string;
  idp_id: string;
  mapping_id: string;
  remote_id_attribute: string;
}
