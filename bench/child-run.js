// Helpers of the whole-process benchmarks: run a child script in a fresh Node and read the JSON
// line it prints last; the median of a few rounds.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export function runChild(script, args) {
  const file = fileURLToPath(new URL(script, import.meta.url));
  const out = execFileSync(process.execPath, ['--expose-gc', file, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').at(-1));
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
