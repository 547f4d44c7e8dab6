import { encryptSecretValues } from '@fedcloud/sdk';
import type { Runtime } from '../../runtime.js';
import { parseSecretArgs, processInput, readSecretArgs, type InputReader } from './input.js';
import { secretPath, secretStore, type SecretTokenFlags } from './vault.js';

export interface PutFlags extends SecretTokenFlags {
  encryptKey?: string;
  binaryFile?: boolean;
}

/**
 * Stores the secret the arguments describe at `path`, replacing what was there (KV v1). The
 * inputs are read and checked before anything is sent. Returns the keys written.
 */
export async function putSecret(
  runtime: Runtime,
  flags: PutFlags,
  path: string,
  args: readonly string[],
  io: InputReader = processInput,
): Promise<{ path: string; keys: string[] }> {
  secretPath(path);
  const parsed = parseSecretArgs(args);
  let secret = await readSecretArgs(parsed, { binary: flags.binaryFile === true }, io);
  if (flags.encryptKey) secret = encryptSecretValues(flags.encryptKey, secret);
  await (await secretStore(runtime, flags)).write(path, secret);
  return { path, keys: Object.keys(secret) };
}
