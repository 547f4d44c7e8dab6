import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { FedcloudError } from '@fedcloud/sdk';
import type { CliContext } from '../../../context.js';
import type { SecretFormat } from '../output-format.js';
import { pythonJsonDump } from './python-json.js';
import { pyyamlDump } from './pyyaml.js';
import { tabulate } from './tabulate.js';

/**
 * A secret (or a token's details) as fedcloudclient prints it (secret.py print_secrets): a
 * key/value table by default, `-f YAML` as yaml.dump(sort_keys=False), `-f JSON` as
 * json.dump(indent=4), here with a final newline.
 */
export function formatSecret(
  format: SecretFormat | undefined,
  data: Record<string, unknown>,
): string {
  if (format === 'JSON') return `${pythonJsonDump(data)}\n`;
  if (format === 'YAML') return pyyamlDump(data);
  return `${tabulate(Object.entries(data), ['key', 'value'])}\n`;
}

/**
 * Output to stdout, or to `-o FILE`, created or truncated with mode 0600 whatever the umask
 * (an existing file's mode is set to 0600 too): it holds secrets.
 */
export async function writeSecretOutput(
  ctx: Pick<CliContext, 'stdout' | 'cwd'>,
  content: string | Uint8Array,
  outputFile?: string,
): Promise<void> {
  if (outputFile === undefined) {
    if (content.length > 0) ctx.stdout.write(content);
    return;
  }
  const path = resolve(ctx.cwd, outputFile);
  try {
    const file = await open(path, 'w', 0o600);
    try {
      await file.chmod(0o600);
      await file.writeFile(content);
    } finally {
      await file.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'its folder does not exist'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a folder'
            : error instanceof Error
              ? error.message
              : String(error);
    throw new FedcloudError('USAGE', `Error when writing file ${outputFile}: ${reason}`);
  }
}
