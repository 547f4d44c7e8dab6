import { FedcloudError, decryptSecretValues } from '@fedcloud/sdk';
import type { CliContext } from '../../context.js';
import type { Runtime } from '../../runtime.js';
import type { SecretFormat } from './output-format.js';
import { pyStr } from './render/python-values.js';
import { formatSecret, writeSecretOutput } from './render/secret-output.js';
import { secretPath, secretStore, type SecretTokenFlags } from './vault.js';

export interface GetFlags extends SecretTokenFlags {
  outputFormat?: SecretFormat;
  decryptKey?: string;
  binaryFile?: boolean;
  outputFile?: string;
}

export type GotSecret =
  | { kind: 'secret'; secret: Record<string, unknown> }
  | { kind: 'value'; key: string; value: unknown };

/** The secret at `path` (decrypted with -d), or the value of one of its keys. */
export async function getSecret(
  runtime: Runtime,
  flags: GetFlags,
  path: string,
  key: string | undefined,
): Promise<GotSecret> {
  secretPath(path);
  const store = await secretStore(runtime, flags);
  let secret = await store.read(path);
  if (flags.decryptKey) secret = decryptSecretValues(flags.decryptKey, secret);
  if (key === undefined) return { kind: 'secret', secret };
  if (!Object.hasOwn(secret, key)) {
    throw new FedcloudError('SECRET_NOT_FOUND', `${key} not found in ${path}`, {
      hint: `\`fedcloud secret get ${path}\` shows its keys.`,
    });
  }
  return { kind: 'value', key, value: secret[key] };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * A whole secret as a table, YAML or JSON; one value as it is (no newline added, so that
 * `-o file` or `> file` gets exactly what was stored), base64-decoded with -b.
 */
export async function renderSecret(
  ctx: Pick<CliContext, 'stdout' | 'cwd'>,
  got: GotSecret,
  flags: Pick<GetFlags, 'outputFormat' | 'binaryFile' | 'outputFile'>,
): Promise<void> {
  if (got.kind === 'secret') {
    await writeSecretOutput(ctx, formatSecret(flags.outputFormat, got.secret), flags.outputFile);
    return;
  }
  const text = pyStr(got.value);
  if (!flags.binaryFile) {
    await writeSecretOutput(ctx, text, flags.outputFile);
    return;
  }
  const compact = text.replace(/\s+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 !== 0) {
    throw new FedcloudError(
      'USAGE',
      `The value of ${got.key} is not base64, so -b cannot decode it`,
      {
        hint: 'Values stored with `secret put -b key=@file` are base64; read others without -b.',
      },
    );
  }
  await writeSecretOutput(ctx, Buffer.from(compact, 'base64'), flags.outputFile);
}
