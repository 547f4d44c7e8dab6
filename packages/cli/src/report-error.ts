import { isFedcloudError } from '@fedcloud/sdk/errors';
import { CommanderError } from '@commander-js/extra-typings';
import pc from 'picocolors';
import { EXIT_CODES } from '@fedcloud/sdk/exit-codes';
import { ExitStatus } from './command-args.js';

/** Prints an error the user can act on (message, then the hint) and returns the exit code. */
export function reportError(error: unknown, stderr: NodeJS.WritableStream): number {
  // Commander has printed its message (or the help); a usage error exits like USAGE.
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_CODES.USAGE;
  // The failure was reported with the results; only the status is left to set.
  if (error instanceof ExitStatus) return error.status;
  if (isFedcloudError(error)) {
    stderr.write(`${pc.red('Error:')} ${error.message}\n`);
    if (error.hint) stderr.write(`${error.hint}\n`);
    return EXIT_CODES[error.code];
  }
  stderr.write(`${pc.red('Error:')} ${error instanceof Error ? error.message : String(error)}\n`);
  return EXIT_CODES.INTERNAL;
}
