import type { CliContext } from '../../context.js';
import type { OpenstackRun, SitePrint } from './outcome.js';
import { renderOsc } from './osc/format.js';

function printed(print: SitePrint | undefined): string {
  if (!print) return '';
  return 'text' in print ? print.text : renderOsc(print.output, print.display);
}

/**
 * fedcloudclient's output, byte for byte: with -j one JSON array of the rows; otherwise per site
 * a header on stderr, then its output, or `Error code:  N` and `Error message:  …` on stdout
 * (Python's `print("Error code: ", code)`, two spaces: scripts parse it).
 */
export function renderOpenstackRun(
  ctx: Pick<CliContext, 'stdout' | 'stderr'>,
  run: OpenstackRun,
): void {
  if (run.json) {
    ctx.stdout.write(
      `${JSON.stringify(
        run.outcomes.map((o) => o.row),
        null,
        2,
      )}\n`,
    );
    return;
  }
  for (const outcome of run.outcomes) {
    const { row } = outcome;
    ctx.stderr.write(`Site: ${row.Site}, VO: ${row.VO}, command: ${row.command}\n`);
    if (row['Error code'] === 0) {
      ctx.stdout.write(printed(outcome.print));
      continue;
    }
    const message = row.Exception ?? (typeof row.Result === 'string' ? row.Result : '');
    ctx.stdout.write(`Error code:  ${row['Error code']}\n`);
    ctx.stdout.write(`Error message:  ${message.endsWith('\n') ? message : `${message}\n`}`);
    if (outcome.error?.hint && !run.allSites) ctx.stderr.write(`${outcome.error.hint}\n`);
  }
}
