import { isFedcloudError } from '@fedcloud/sdk';
import { CommanderError } from '@commander-js/extra-typings';
import pc from 'picocolors';
import { EXIT_CODES } from './exit-codes.js';

/** Prints an error the user can act on (message, then the hint) and returns the exit code. */
export function reportError(error: unknown, stderr: NodeJS.WritableStream): number {
  if (error instanceof CommanderError) return error.exitCode;
  if (isFedcloudError(error)) {
    stderr.write(`${pc.red('Error:')} ${error.message}\n`);
    if (error.hint) stderr.write(`${error.hint}\n`);
    return EXIT_CODES[error.code];
  }
  stderr.write(`${pc.red('Error:')} ${error instanceof Error ? error.message : String(error)}\n`);
  return EXIT_CODES.INTERNAL;
}
