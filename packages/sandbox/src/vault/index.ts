import { createHmac } from 'node:crypto';
import type { Hono } from 'hono';
import type { JWTVerifyGetKey } from 'jose';
import type { Db } from '../store/db.js';
import { vaultApp } from './app.js';
import type { VaultServices } from './context.js';
import { aesGcmBox } from './crypto.js';
import { loadVaultKeys } from './keys.js';
import { USER_POLICY } from './policy.js';
import { ensureVaultTables } from './schema.js';
import { SecretStore } from './secret-store.js';
import { TokenStore } from './token-store.js';

export { VaultListener } from './listener.js';

/** The JWT role logins get when they name none (fedcloudclient sends role ""). */
const DEFAULT_ROLE = 'fedcloud';

export interface VaultOptions {
  db: Db;
  /** The sandbox issuer's URL, the `iss` logins must carry. */
  issuer: string;
  /** The issuer's signing keys, e.g. jose's createRemoteJWKSet over its JWKS URI. */
  keys: JWTVerifyGetKey;
  /** The `aud` the issuer gives its access tokens. */
  audiences: string[];
  /** TTL of a login token in seconds (default 3600; renewable up to 32 days). */
  loginTtlSeconds?: number;
  /** Seconds since the epoch (tests move it). */
  now?: () => number;
}

export interface Vault {
  app: Hono;
}

/**
 * HashiCorp Vault as EGI's secret store runs it (https://vault.services.fedcloud.eu:8200): JWT
 * login with Check-in access tokens, a KV v1 mount `secrets/` where each user owns
 * `users/<sub>/`, tokens and cubbyholes for lockers. State lives in the sandbox database, secrets
 * sealed with AES-256-GCM and tokens hashed, so a restart on the same data folder keeps both.
 */
export function createVault(options: VaultOptions): Vault {
  ensureVaultTables(options.db);
  const keys = loadVaultKeys(options.db);
  const now = options.now ?? (() => Date.now() / 1000);
  const secrets = new SecretStore(options.db, aesGcmBox(keys.encryptionKey));
  const tokens = new TokenStore(options.db, keys.tokenSalt, secrets, now);
  tokens.sweep();
  const derived = (label: string) =>
    createHmac('sha256', keys.tokenSalt).update(label).digest('hex');
  const services: VaultServices = {
    tokens,
    secrets,
    jwt: {
      boundIssuer: options.issuer,
      keys: options.keys,
      defaultRole: DEFAULT_ROLE,
      roles: {
        [DEFAULT_ROLE]: {
          boundAudiences: options.audiences,
          userClaim: 'sub',
          tokenPolicies: ['default', USER_POLICY],
          tokenTtl: options.loginTtlSeconds ?? 3600,
          tokenMaxTtl: 0,
        },
      },
    },
    entityId: (alias) => asUuid(derived(`entity\u0000${alias}`)),
    now,
    cluster: {
      name: `vault-cluster-${derived('cluster-name').slice(0, 8)}`,
      id: asUuid(derived('cluster-id')),
      version: '1.15.6',
    },
  };
  return { app: vaultApp(services) };
}

/** 32 hex digits shown as a UUID (version 4 and variant bits set), as Vault's IDs look. */
function asUuid(hex: string): string {
  const h = hex.slice(0, 32).split('');
  h[12] = '4';
  h[16] = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}
