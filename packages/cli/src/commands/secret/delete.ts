import type { Runtime } from '../../runtime.js';
import { secretPath, secretStore, type SecretTokenFlags } from './vault.js';

export async function deleteSecret(
  runtime: Runtime,
  flags: SecretTokenFlags,
  path: string,
): Promise<{ path: string }> {
  secretPath(path);
  await (await secretStore(runtime, flags)).remove(path);
  return { path };
}
