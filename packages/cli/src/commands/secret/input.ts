import { readFile } from 'node:fs/promises';
import { FedcloudError } from '@fedcloud/sdk';
import { pyyamlLoad } from './pyyaml-load.js';

/**
 * The `[key=value...]` arguments of `fedcloud secret put`, as fedcloudclient reads them
 * (secret.py secret_params_to_dict, read_data_from_file):
 * - `key=value`: the value as given (split at the first `=`);
 * - `key=@file`: the file's text (its bytes, base64-encoded, with -b);
 * - `key=-`: standard input, the same way;
 * - `@file.json` / `@file.yaml` (any other name is read as YAML): every key of the object in it;
 * - `-`: a YAML object from standard input.
 * Later arguments override earlier keys.
 */
type Source = { file: string } | { stdin: true };
export type SecretArg =
  | { kind: 'pair'; key: string; value: { literal: string } | Source }
  | { kind: 'object'; from: Source };

const FORMS =
  'Give key=value, key=@file, key=- (standard input), @file.yaml / @file.json (all its keys), or - (a YAML object on standard input).';

function source(text: string): Source {
  return text === '-' ? { stdin: true } : { file: text.slice(1) };
}

export function parseSecretArgs(args: readonly string[]): SecretArg[] {
  if (args.length === 0) {
    throw new FedcloudError(
      'USAGE',
      "Expecting 'key=value' arguments for secrets, None provided.",
      { hint: FORMS },
    );
  }
  const parsed = args.map((arg): SecretArg => {
    if (arg.startsWith('@') || arg === '-') return { kind: 'object', from: source(arg) };
    const at = arg.indexOf('=');
    if (at < 0) {
      throw new FedcloudError(
        'USAGE',
        `Expecting 'key=value' arguments for secrets. '${arg}' provided.`,
        { hint: FORMS },
      );
    }
    const key = arg.slice(0, at);
    const value = arg.slice(at + 1);
    if (key === '') {
      throw new FedcloudError('USAGE', `The argument '${arg}' has no key before '='.`, {
        hint: FORMS,
      });
    }
    if (value.startsWith('@') || value === '-') return { kind: 'pair', key, value: source(value) };
    return { kind: 'pair', key, value: { literal: value } };
  });
  const fromStdin = parsed.filter((p) =>
    p.kind === 'object' ? 'stdin' in p.from : 'stdin' in p.value,
  );
  if (fromStdin.length > 1) {
    throw new FedcloudError('USAGE', 'Only one argument can read standard input (-).', {
      hint: 'Put the other values in files (key=@file).',
    });
  }
  return parsed;
}

/** Where inputs come from; the CLI's is the file system and process.stdin. */
export interface InputReader {
  readFile(path: string): Promise<Buffer>;
  readStdin(): Promise<Buffer>;
}

export const processInput: InputReader = {
  readFile: (path) => readFile(path),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  },
};

function readingError(from: Source, reason: string, hint?: string): FedcloudError {
  return new FedcloudError(
    'USAGE',
    `Error when reading ${'file' in from ? `file ${from.file}` : 'standard input'}: ${reason}`,
    hint ? { hint } : {},
  );
}

async function readBytes(from: Source, io: InputReader): Promise<Buffer> {
  try {
    return 'file' in from ? await io.readFile(from.file) : await io.readStdin();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a folder'
            : error instanceof Error
              ? error.message
              : String(error);
    throw readingError(from, reason);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeText(from: Source, bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw readingError(
      from,
      'it is not UTF-8 text',
      'Read binary files with -b/--binary-file (stored base64-encoded, decoded again by `secret get -b`).',
    );
  }
}

/**
 * A value read as text: Python's open() in text mode reads files with universal newlines
 * ("\r\n" and "\r" become "\n"); its standard input on Linux is read as it is.
 */
async function readValue(from: Source, binary: boolean, io: InputReader): Promise<string> {
  const bytes = await readBytes(from, io);
  if (binary) return bytes.toString('base64');
  const text = decodeText(from, bytes);
  return 'file' in from ? text.replace(/\r\n?/g, '\n') : text;
}

/** The object in a JSON file (by its name), else YAML 1.1 as PyYAML's safe_load reads it. */
async function readObject(from: Source, io: InputReader): Promise<Record<string, unknown>> {
  const text = decodeText(from, await readBytes(from, io));
  let data: unknown;
  if ('file' in from && from.file.endsWith('.json')) {
    try {
      data = JSON.parse(text) as unknown;
    } catch (error) {
      throw readingError(from, `it is not JSON: ${(error as Error).message}`);
    }
  } else {
    const loaded = pyyamlLoad(text);
    if ('error' in loaded) throw readingError(from, `it is not YAML: ${loaded.error}`);
    data = loaded.value;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    const what =
      data === null || data === undefined
        ? 'nothing'
        : Array.isArray(data)
          ? 'a list'
          : `a ${typeof data}`;
    throw readingError(from, `it holds ${what}, not a mapping of keys to values`);
  }
  return jsonSafe(data) as Record<string, unknown>;
}

/** YAML's binary and set values as JSON can carry them (base64 text, a list). */
function jsonSafe(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Set) return [...value].map(jsonSafe);
  if (value instanceof Map) {
    return Object.fromEntries([...value].map(([k, v]) => [String(k), jsonSafe(v)]));
  }
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  }
  return value;
}

/** The secret the arguments describe; USAGE errors name the file and what is wrong with it. */
export async function readSecretArgs(
  args: readonly SecretArg[],
  options: { binary: boolean },
  io: InputReader = processInput,
): Promise<Record<string, unknown>> {
  const secret: Record<string, unknown> = {};
  for (const arg of args) {
    if (arg.kind === 'object') {
      Object.assign(secret, await readObject(arg.from, io));
    } else if ('literal' in arg.value) {
      secret[arg.key] = arg.value.literal;
    } else {
      secret[arg.key] = await readValue(arg.value, options.binary, io);
    }
  }
  return secret;
}
