import type { Adapter, AdapterConstructor, AdapterPayload } from 'oidc-provider';
import type { Db } from '../store/db.js';

interface Row {
  payload: string;
  expires_at: number | null;
}

/** Expired rows are purged now and then rather than on every write: the table stays small either way. */
const PURGE_EVERY = 50;

/** oidc-provider's storage contract on the `oidc_models` table, one instance per model name. */
export function sqliteAdapter(db: Db): AdapterConstructor {
  const upsert = db.prepare(
    `INSERT INTO oidc_models (model, id, payload, expires_at, uid, user_code, grant_id)
     VALUES (@model, @id, @payload, @expiresAt, @uid, @userCode, @grantId)
     ON CONFLICT (model, id) DO UPDATE SET payload = excluded.payload, expires_at = excluded.expires_at,
       uid = excluded.uid, user_code = excluded.user_code, grant_id = excluded.grant_id`,
  );
  const byId = db.prepare('SELECT payload, expires_at FROM oidc_models WHERE model = ? AND id = ?');
  const byUid = db.prepare(
    'SELECT payload, expires_at FROM oidc_models WHERE model = ? AND uid = ?',
  );
  const byUserCode = db.prepare(
    'SELECT payload, expires_at FROM oidc_models WHERE model = ? AND user_code = ?',
  );
  const consume = db.prepare(
    `UPDATE oidc_models SET payload = json_set(payload, '$.consumed', ?) WHERE model = ? AND id = ?`,
  );
  const destroy = db.prepare('DELETE FROM oidc_models WHERE model = ? AND id = ?');
  const revokeByGrantId = db.prepare('DELETE FROM oidc_models WHERE model = ? AND grant_id = ?');
  const purge = db.prepare(
    'DELETE FROM oidc_models WHERE expires_at IS NOT NULL AND expires_at <= ?',
  );
  let writes = 0;

  const live = (row: Row | undefined): AdapterPayload | undefined => {
    if (!row || (row.expires_at !== null && row.expires_at <= Date.now())) return undefined;
    return JSON.parse(row.payload) as AdapterPayload;
  };

  return class SqliteAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      upsert.run({
        model: this.model,
        id,
        payload: JSON.stringify(payload),
        expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : null,
        uid: payload.uid ?? null,
        userCode: payload.userCode ?? null,
        grantId: payload.grantId ?? null,
      });
      writes += 1;
      if (writes % PURGE_EVERY === 0) purge.run(Date.now());
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      return live(byId.get(this.model, id) as Row | undefined);
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return live(byUid.get(this.model, uid) as Row | undefined);
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return live(byUserCode.get(this.model, userCode) as Row | undefined);
    }

    async consume(id: string): Promise<void> {
      consume.run(Math.floor(Date.now() / 1000), this.model, id);
    }

    async destroy(id: string): Promise<void> {
      destroy.run(this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      revokeByGrantId.run(this.model, grantId);
    }
  };
}
