import type { Db } from '../store/db.js';

/**
 * The Vault's own tables, created when it starts (like miniflare's per-service storage), so the
 * emulated service keeps its state beside the sites' without a migration of the shared schema.
 * Tokens are stored by salted hash; secret values only sealed.
 */
export function ensureVaultTables(db: Db): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS vault_tokens (
      id_hash TEXT PRIMARY KEY,
      accessor TEXT NOT NULL UNIQUE,
      parent_hash TEXT,
      expire_at INTEGER,
      body TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS vault_tokens_parent ON vault_tokens (parent_hash);
    CREATE INDEX IF NOT EXISTS vault_tokens_expiry ON vault_tokens (expire_at);
    CREATE TABLE IF NOT EXISTS vault_secrets (
      namespace TEXT NOT NULL,
      path TEXT NOT NULL,
      sealed BLOB NOT NULL,
      PRIMARY KEY (namespace, path)
    );
  `);
}
