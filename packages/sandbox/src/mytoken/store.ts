import { createHash } from 'node:crypto';
import type { Db } from '../store/db.js';

export interface MytokenRow {
  id: string;
  username: string;
  /** Access tokens obtained with it so far (for `usages_AT`). */
  atUsed: number;
}

/** sha256 of the whole token: the token itself is never stored. */
function hashOf(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * The mytokens the sandbox handed out, by `jti` and token hash, with their access-token count;
 * revoking deletes the row, as the real server deletes a revoked token from its database.
 */
export class MytokenStore {
  constructor(private readonly db: Db) {
    db.exec(`CREATE TABLE IF NOT EXISTS mytokens (
      id TEXT PRIMARY KEY,
      token_hash TEXT NOT NULL,
      username TEXT NOT NULL,
      at_used INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL
    )`);
  }

  insert(id: string, token: string, username: string, createdAt: number): void {
    this.db
      .prepare('INSERT INTO mytokens (id, token_hash, username, created_at) VALUES (?, ?, ?, ?)')
      .run(id, hashOf(token), username, Math.floor(createdAt));
  }

  /** The row of this very token, or undefined (revoked, or never issued here). */
  find(id: string, token: string): MytokenRow | undefined {
    const row = this.db
      .prepare('SELECT id, username, at_used FROM mytokens WHERE id = ? AND token_hash = ?')
      .get(id, hashOf(token)) as { id: string; username: string; at_used: number } | undefined;
    return row && { id: row.id, username: row.username, atUsed: row.at_used };
  }

  countAccessToken(id: string): void {
    this.db.prepare('UPDATE mytokens SET at_used = at_used + 1 WHERE id = ?').run(id);
  }

  revoke(id: string): void {
    this.db.prepare('DELETE FROM mytokens WHERE id = ?').run(id);
  }
}
