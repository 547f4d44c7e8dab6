import { EXIT_CODES, EXIT_PARTIAL_FAILURE } from '@fedcloud/sdk/exit-codes';
import { MISSING_VO_CODE, type OpenstackRun } from './outcome.js';

/**
 * 0 when every site answered; the failing site's own status when only one site was asked (the
 * python client's code for a command it ran); else EXIT_PARTIAL_FAILURE (1).
 */
export function openstackExitStatus(run: OpenstackRun): number {
  // With -i a VO missing at a site is not a failure, whichever way it was printed.
  const failed = run.outcomes.filter(
    (o) =>
      o.row['Error code'] !== 0 &&
      !(run.ignoreMissingVo && o.row['Error code'] === MISSING_VO_CODE),
  );
  if (!failed.length) return 0;
  const only = failed[0];
  if (run.outcomes.length === 1 && only?.error) {
    if (only.error.code === 'EXTERNAL_COMMAND_FAILED') return only.row['Error code'];
    return EXIT_CODES[only.error.code];
  }
  return EXIT_PARTIAL_FAILURE;
}
