// What command registration needs, kept free of the SDK so that `fedcloud --help` and
// `fedcloud --version` load no HTTP, OIDC or YAML code; runtime.ts is imported inside actions.
import { EXIT_PARTIAL_FAILURE } from '@fedcloud/sdk/exit-codes';

/**
 * The command and its options from an action's arguments (commander passes `…args, opts,
 * command`). The option helpers in options.ts are generic over any Command, which erases
 * extra-typings' inference, so each action names the flags it reads.
 */
export function actionArgs<O extends object>(
  args: unknown[],
): { opts: O; command: { optsWithGlobals(): object; opts(): object; parent: unknown } } {
  const command = args.at(-1) as { optsWithGlobals(): object; opts(): object; parent: unknown };
  return { opts: command.opts() as O, command };
}

/**
 * Thrown after a fan-out whose results were printed but where some sites failed (their reasons
 * already on stderr): report-error prints nothing more and exits with EXIT_PARTIAL_FAILURE (1).
 */
/**
 * Ends the command with an exit status and no further message: what went wrong was already
 * printed beside the results (per-site rows, the python client's own output).
 */
export class ExitStatus extends Error {
  readonly status: number;
  constructor(status: number, reason = `exit status ${status}`) {
    super(reason);
    this.name = 'ExitStatus';
    this.status = status;
  }
}

/** Some sites of a fan-out failed while others answered (fedcloudclient scripts test for non-zero). */
export class PartialFailure extends ExitStatus {
  readonly failed: string[];
  constructor(failed: string[]) {
    super(EXIT_PARTIAL_FAILURE, `${failed.length} site(s) failed: ${failed.join(', ')}`);
    this.name = 'PartialFailure';
    this.failed = failed;
  }
}

/**
 * Makes commander throw instead of exiting, for a command and all its subcommands, so that
 * main.ts decides the status: report-error maps a bad flag to USAGE's exit code 2 and `--help`
 * to 0. (program.ts does not set it for the whole tree; each group calls this on itself.)
 */
export function throwOnUsageErrors(command: {
  exitOverride(): unknown;
  commands: readonly unknown[];
}): void {
  command.exitOverride();
  for (const sub of command.commands) {
    throwOnUsageErrors(sub as { exitOverride(): unknown; commands: readonly unknown[] });
  }
}

/** The runtime for an action, loading the SDK only when a command actually runs. */
export async function loadRuntime(command: { optsWithGlobals(): object }) {
  const { runtimeFor } = await import('./runtime.js');
  return runtimeFor(command);
}
