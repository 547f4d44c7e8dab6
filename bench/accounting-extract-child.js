// One runAccounting extraction in this fresh process, for bench/accounting-extract.js: the
// site's project given, messages of 100 into an SSM queue, no hub. Prints the run's time, CPU
// and peak RSS (and the RSS before it, with every module loaded) as JSON.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAccountingConfig, runAccounting } from '@fedcloud/agent';
import { createTransport } from '@fedcloud/sdk';

const args = JSON.parse(process.argv[2]);
const config = parseAccountingConfig(
  [
    `site_name: ${args.siteName}`,
    `projects: [${args.projectId}]`,
    'caso_tag: null',
    'record_types: [cloud]',
    `spooldir: ${join(args.dir, 'spool')}`,
    `ssm: {output_path: ${join(args.dir, 'ssm')}}`,
  ].join('\n'),
  join(args.dir, 'accounting.yaml'),
);
const transport = { ...createTransport({ caFile: args.caFile }), timeoutMs: 120_000 };
const startRssMiB = process.memoryUsage().rss / 2 ** 20;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const summary = await runAccounting({
  config,
  authUrl: args.authUrl,
  credentials: args.credentials,
  transport,
  fetch: globalThis.fetch,
  mode: 'extract',
  extractFrom: new Date(args.from),
  extractTo: new Date(args.to),
});
const runMs = performance.now() - t0;
const { user, system } = process.cpuUsage(cpu0);
// maxRSS is in KiB: the peak of the whole process, the run's included.
const peakRssMiB = process.resourceUsage().maxRSS / 1024;
if (!summary.ok) throw new Error(JSON.stringify(summary.error ?? summary.warnings));
const queue = join(args.dir, 'ssm');
const messages = readdirSync(queue).reduce((n, d) => n + readdirSync(join(queue, d)).length, 0);
await transport.dispatcher.close();
process.stdout.write(
  `${JSON.stringify({
    runMs,
    cpuMs: (user + system) / 1000,
    startRssMiB,
    peakRssMiB,
    servers: summary.totals.servers,
    records: summary.totals.records.cloud,
    messages,
    warnings: summary.warnings.length,
  })}\n`,
);
