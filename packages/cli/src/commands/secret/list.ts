import type { CliContext } from '../../context.js';
import { renderLines, writeOut } from '../../render/write.js';
import type { Runtime } from '../../runtime.js';
import { secretStore, type SecretTokenFlags } from './vault.js';

/** The names under `path` (your top folder by default); folders end with `/`. */
export async function listSecrets(
  runtime: Runtime,
  flags: SecretTokenFlags,
  path: string,
): Promise<string[]> {
  return (await secretStore(runtime, flags)).list(path);
}

export function renderSecretList(ctx: Pick<CliContext, 'stdout'>, names: string[]): void {
  writeOut(ctx, names.length > 0 ? renderLines(names) : '\n');
}
