// npm run bench -- federation: the local federation that `npm start` runs (sites, hub, one agent
// per site, first publications done) at 3, 100 and 300 sites, each against the sites alone
// started in the same run, as time to ready and peak RSS. Goal at 300 sites: < 15 s, < 600 MiB.
import { median, runChild } from './child-run.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 1);
const sizes = (process.env.BENCH_FEDERATION_SITES ?? '3,100,300').split(',').map(Number);
const GOAL_MS = 15_000;
const GOAL_MIB = 600;

const lines = [`local federation start-up, median of ${rounds} fresh process(es) each`];
lines.push(
  `  ${'sites'.padStart(5)}  ${'alone s'.padStart(8)} ${'MiB'.padStart(5)}  ${'federation s'.padStart(12)} ${'CPU s'.padStart(6)} ${'MiB'.padStart(5)}  ${'× time'.padStart(7)} ${'× MiB'.padStart(6)}`,
);
let largest;
for (const sites of sizes) {
  const alone = [];
  const whole = [];
  for (let i = 0; i < rounds; i += 1) {
    alone.push(runChild('federation-start-child.js', ['sites', String(sites)]));
    whole.push(runChild('federation-start-child.js', ['federation', String(sites)]));
  }
  const failed = whole.reduce((n, r) => n + r.failed, 0);
  if (failed > 0) throw new Error(`${failed} first agent cycles failed at ${sites} sites`);
  const a = {
    ms: median(alone.map((r) => r.startMs)),
    mib: median(alone.map((r) => r.peakRssMiB)),
  };
  const f = {
    ms: median(whole.map((r) => r.startMs)),
    cpuMs: median(whole.map((r) => r.cpuMs)),
    mib: median(whole.map((r) => r.peakRssMiB)),
  };
  lines.push(
    `  ${String(sites).padStart(5)}  ${(a.ms / 1000).toFixed(1).padStart(8)} ${a.mib.toFixed(0).padStart(5)}  ${(f.ms / 1000).toFixed(1).padStart(12)} ${(f.cpuMs / 1000).toFixed(1).padStart(6)} ${f.mib.toFixed(0).padStart(5)}  ${(f.ms / a.ms).toFixed(1).padStart(7)} ${(f.mib / a.mib).toFixed(1).padStart(6)}`,
  );
  largest = { sites, ...f };
}
const goalSites = 300;
if (largest?.sites === goalSites) {
  const ok = largest.ms < GOAL_MS && largest.mib < GOAL_MIB;
  lines.push(
    `  ${goalSites} sites: ${(largest.ms / 1000).toFixed(1)} s (goal < ${GOAL_MS / 1000} s), ${largest.mib.toFixed(0)} MiB peak (goal < ${GOAL_MIB}): ${ok ? 'goal met' : 'GOAL MISSED'}`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
