export interface UserRecord {
  id: string;
  name: string;
  domain_id: string;
  enabled: boolean;
  password_expires_at: null;
  options: Record<string, unknown>;
  /** Shadow users: where they came from (GET /v3/users/{id} shows this). */
  federated?: { idp_id: string; protocols: { protocol_id: string; unique_id: string }[] }[];
}

export interface RoleRecord {
  id: string;
  name: string;
  domain_id: null;
  description: string | null;
  options: Record<string, unknown>;
}

export interface RoleAssignment {
  user_id: string;
  project_id: string;
  role_ids: string[];
}

/** A shadow user's VOs at the last login, with the IdP and protocol used. */
export interface UserVosRecord {
  vos: string[];
  idp: string;
  protocol: string;
}

/** A user's roles on the whole deployment (system scope `all`). */
export interface SystemAssignment {
  user_id: string;
  role_ids: string[];
}
