import type { Runtime } from '../../runtime.js';

export interface Progress {
  update: (text: string) => void;
  stop: () => void;
}

/** A spinner on a TTY stderr, silence otherwise (scripts read stderr too). */
export async function progressReporter(runtime: Runtime): Promise<Progress> {
  if (runtime.ctx.stderr.isTTY !== true) return { update: () => undefined, stop: () => undefined };
  const { default: ora } = await import('ora');
  const spinner = ora({ stream: runtime.ctx.stderr, text: 'working' });
  return {
    update: (text) => {
      if (!spinner.isSpinning) spinner.start(text);
      else spinner.text = text;
    },
    stop: () => spinner.stop(),
  };
}
