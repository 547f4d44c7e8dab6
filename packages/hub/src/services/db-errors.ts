import type { HubError } from '../errors.js';

/**
 * A unique-constraint violation from either driver: better-sqlite3 sets code
 * SQLITE_CONSTRAINT_UNIQUE / SQLITE_CONSTRAINT_PRIMARYKEY, pg sets SQLSTATE 23505.
 * Checked after an insert races a concurrent one that the prior existence check missed.
 */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/**
 * Inserts a row whose unique key may be taken: a row that `exists` finds first, or a unique
 * violation from `insert` (a concurrent writer got in between), is the `conflict`.
 */
export async function insertUnique<T>(
  exists: () => Promise<unknown>,
  insert: () => Promise<T>,
  conflict: () => HubError,
): Promise<T> {
  if (await exists()) throw conflict();
  try {
    return await insert();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict();
    throw error;
  }
}
