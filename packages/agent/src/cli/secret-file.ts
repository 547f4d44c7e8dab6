import { readFile, stat } from 'node:fs/promises';
import { AgentError } from '../errors.js';

/**
 * The client secret from a file only its owner can read (like ssh keys): a secret readable by
 * others is refused rather than used. Surrounding blanks and the final newline are dropped.
 */
export async function readSecretFile(path: string): Promise<string> {
  let mode: number;
  try {
    mode = (await stat(path)).mode;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new AgentError('USAGE', `cannot read client secret file ${path} (${reason})`, {
      cause: error,
    });
  }
  if ((mode & 0o077) !== 0) {
    throw new AgentError(
      'USAGE',
      `client secret file ${path} is readable by others (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); run chmod 600 ${path}`,
    );
  }
  const secret = (await readFile(path, 'utf8')).trim();
  if (secret === '') throw new AgentError('USAGE', `client secret file ${path} is empty`);
  return secret;
}
