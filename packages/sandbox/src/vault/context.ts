import type { JwtAuthConfig } from './jwt-login.js';
import type { PathRule, Capability } from './policy.js';
import type { VaultReply } from './reply.js';
import type { LogicalRequest } from './request.js';
import type { SecretStore } from './secret-store.js';
import type { StoredToken } from './token-model.js';
import type { TokenStore } from './token-store.js';

/** What every handler of the emulated Vault is given. */
export interface VaultServices {
  tokens: TokenStore;
  secrets: SecretStore;
  jwt: JwtAuthConfig;
  /** The identity entity of an alias (stable per JWT `sub`). */
  entityId(alias: string): string;
  /** Seconds since the epoch. */
  now(): number;
  cluster: { name: string; id: string; version: string };
}

/** The token of an authenticated request, after its use was counted. */
export interface Caller {
  token: string;
  stored: StoredToken;
  rules: PathRule[];
}

/** One API path of the Vault, behind the token check and the ACL. */
export interface Route {
  matches(request: LogicalRequest): boolean;
  /** The capability the policies must grant; by default the one named like the operation. */
  capability?(request: LogicalRequest, caller: Caller, services: VaultServices): Capability;
  handle(
    request: LogicalRequest,
    caller: Caller,
    services: VaultServices,
  ): VaultReply | Promise<VaultReply>;
}

/** A path served without a token (login, health). */
export interface OpenRoute {
  matches(request: LogicalRequest): boolean;
  handle(request: LogicalRequest, services: VaultServices): VaultReply | Promise<VaultReply>;
}
