import type { Writable } from 'node:stream';

/**
 * What a command needs from the outside world. Commands return data; only renderers write to
 * stdout, and only main.ts exits.
 */
export interface CliContext {
  env: NodeJS.ProcessEnv;
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  /** --debug: one line per HTTP call (method, URL, status, ms), secrets redacted. */
  debug: (line: string) => void;
  cwd: string;
}

export function processContext(debugEnabled: boolean): CliContext {
  return {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    debug: debugEnabled ? (line) => process.stderr.write(`[debug] ${line}\n`) : () => undefined,
    cwd: process.cwd(),
  };
}
