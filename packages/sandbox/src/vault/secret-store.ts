import type { Db } from '../store/db.js';
import type { SealedBox } from './crypto.js';

export type SecretData = Record<string, unknown>;

/**
 * Key/value storage under a namespace (the `secrets/` KV mount, or one token's cubbyhole): values
 * are sealed with the storage location as authenticated data, so a row copied elsewhere no longer
 * opens. Paths stay readable, as Vault's storage keys do, so that listing is a prefix query.
 */
export class SecretStore {
  constructor(
    private readonly db: Db,
    private readonly box: SealedBox,
  ) {}

  read(namespace: string, path: string): SecretData | undefined {
    const row = this.db
      .prepare('SELECT sealed FROM vault_secrets WHERE namespace = ? AND path = ?')
      .get(namespace, path) as { sealed: Buffer } | undefined;
    if (!row) return undefined;
    const data = JSON.parse(this.box.open(row.sealed, context(namespace, path))) as SecretData;
    // Vault's answers come from Go's encoding/json, which writes a map's keys sorted.
    return Object.fromEntries(
      Object.entries(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  }

  exists(namespace: string, path: string): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM vault_secrets WHERE namespace = ? AND path = ?')
        .get(namespace, path) !== undefined
    );
  }

  write(namespace: string, path: string, data: SecretData): void {
    const sealed = this.box.seal(JSON.stringify(data), context(namespace, path));
    this.db
      .prepare(
        `INSERT INTO vault_secrets (namespace, path, sealed) VALUES (?, ?, ?)
         ON CONFLICT (namespace, path) DO UPDATE SET sealed = excluded.sealed`,
      )
      .run(namespace, path, sealed);
  }

  delete(namespace: string, path: string): void {
    this.db
      .prepare('DELETE FROM vault_secrets WHERE namespace = ? AND path = ?')
      .run(namespace, path);
  }

  /**
   * The entries right under a folder, as Vault's storage lists them: names, and sub-folders with a
   * trailing slash, sorted, each once. `prefix` is empty or ends with `/`.
   */
  list(namespace: string, prefix: string): string[] {
    const rows = this.db
      .prepare(
        'SELECT path FROM vault_secrets WHERE namespace = ? AND substr(path, 1, ?) = ? ORDER BY path',
      )
      .all(namespace, prefix.length, prefix) as { path: string }[];
    const keys = new Set<string>();
    for (const { path } of rows) {
      const rest = path.slice(prefix.length);
      const slash = rest.indexOf('/');
      keys.add(slash < 0 ? rest : rest.slice(0, slash + 1));
    }
    keys.delete('');
    return [...keys].sort();
  }

  /** Everything in a namespace: a revoked token's cubbyhole goes with it. */
  dropNamespace(namespace: string): void {
    this.db.prepare('DELETE FROM vault_secrets WHERE namespace = ?').run(namespace);
  }
}

function context(namespace: string, path: string): string {
  return `${namespace}\u0000${path}`;
}
