import type { CliContext } from '../../context.js';
import type { DigestProgress } from './digest.js';
import { humanSize } from './render.js';

export interface DigestReporter {
  update: DigestProgress;
  stop(): void;
}

/** At most this often: a progress line per 1 MiB chunk would flood a slow terminal. */
const EVERY_MS = 200;

/**
 * How far hashing an image has got, as a spinner on a TTY stderr (silence otherwise: scripts
 * read stderr too, and stdout is data only).
 */
export async function digestReporter(
  ctx: Pick<CliContext, 'stderr'>,
  name: string,
): Promise<DigestReporter> {
  // A terminal of no width (a bare pseudo-TTY) makes ora redraw without end: no spinner there.
  const columns = (ctx.stderr as { columns?: number }).columns ?? 0;
  if (ctx.stderr.isTTY !== true || columns <= 0) {
    return { update: () => undefined, stop: () => undefined };
  }
  const { default: ora } = await import('ora');
  const spinner = ora({ stream: ctx.stderr, text: `reading ${name}` }).start();
  let last = 0;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < EVERY_MS) return;
      last = now;
      spinner.text = `reading ${name}: ${progressText(done, total)}`;
    },
    stop: () => spinner.stop(),
  };
}

/** `1.5 GiB of 2.0 GiB (75%)`, or only what was read when the size is unknown. */
function progressText(done: number, total: number | undefined): string {
  if (total === undefined || total === 0) return humanSize(done);
  return `${humanSize(done)} of ${humanSize(total)} (${Math.floor((done / total) * 100)}%)`;
}
