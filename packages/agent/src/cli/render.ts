import type { CycleResult } from '../info-agent.js';

/** The one-line account of a cycle for stderr. */
export function cycleLine(result: CycleResult): string {
  const seconds = (result.durationMs / 1000).toFixed(1);
  if (!result.ok) {
    const where = result.siteName ? `${result.siteName}: ` : '';
    return `${where}cycle failed after ${seconds} s: ${result.error?.message ?? 'unknown error'}`;
  }
  const doc = result.document ?? {};
  const count = (key: string): number => {
    const list = (doc as Record<string, unknown>)[key];
    return Array.isArray(list) ? list.length : 0;
  };
  const failed = result.shares.filter((s) => !s.ok).length;
  const parts = [
    `${count('Share')} shares`,
    `${count('CloudComputingImage')} images`,
    `${count('CloudComputingInstanceType')} instance types`,
  ];
  const leftOut = failed > 0 ? ` (${failed} VO${failed === 1 ? '' : 's'} left out)` : '';
  const published = result.published
    ? `; published to ${result.published.url} (HTTP ${result.published.status}${result.published.attempts > 1 ? `, ${result.published.attempts} tries` : ''})`
    : '';
  return `${result.siteName ?? '?'}: ${parts.join(', ')}${leftOut} in ${seconds} s${published}`;
}

/** `--json`: one object per cycle; the document only with `--print`. */
export function cycleJson(result: CycleResult, withDocument: boolean): string {
  const { document, ...summary } = result;
  return JSON.stringify(withDocument && document ? { ...summary, document } : summary);
}
