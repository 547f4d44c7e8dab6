// npm run bench: whole-process figures, each reported as a ratio against a baseline measured in
// the same run on the same machine.
import { median, runChild } from './child-run.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const big = Number(process.env.BENCH_SITES ?? 300);
const base = [];
const large = [];
for (let i = 0; i < rounds; i += 1) {
  base.push(runChild('sandbox-start-child.js', ['3']));
  large.push(runChild('sandbox-start-child.js', [String(big)]));
}
const b = {
  startMs: median(base.map((r) => r.startMs)),
  rssMiB: median(base.map((r) => r.rssMiB)),
};
const l = {
  startMs: median(large.map((r) => r.startMs)),
  rssMiB: median(large.map((r) => r.rssMiB)),
  loginMs: median(large.map((r) => r.loginMs)),
  loginStatus: large.at(-1).loginStatus,
};
const lines = [
  `sandbox start-up, median of ${rounds} fresh processes each`,
  `  baseline  3 sites: ${b.startMs.toFixed(0)} ms, RSS ${b.rssMiB.toFixed(0)} MiB`,
  `  ${big} sites: ${l.startMs.toFixed(0)} ms, RSS ${l.rssMiB.toFixed(0)} MiB  (federated login on the last site: HTTP ${l.loginStatus}, ${l.loginMs.toFixed(0)} ms)`,
  `  ratio ${big}/3: start-up ×${(l.startMs / b.startMs).toFixed(1)}, memory ×${(l.rssMiB / b.rssMiB).toFixed(1)} for ×${(big / 3).toFixed(0)} the sites`,
  `  per extra site: ${((l.startMs - b.startMs) / (big - 3)).toFixed(1)} ms, ${(((l.rssMiB - b.rssMiB) * 1024) / (big - 3)).toFixed(0)} KiB`,
];
process.stdout.write(`${lines.join('\n')}\n`);
