import type { CliContext } from '../context.js';

/** Data goes to stdout only; messages for the user go to stderr. */
export function writeOut(ctx: Pick<CliContext, 'stdout'>, text: string): void {
  if (text) ctx.stdout.write(text);
}

export function writeErr(ctx: Pick<CliContext, 'stderr'>, text: string): void {
  if (text) ctx.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** `--json` output of the list commands: one JSON array, pretty-printed. */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** One item per line, as fedcloudclient prints site and VO names. */
export function renderLines(items: string[]): string {
  return items.map((item) => `${item}\n`).join('');
}
