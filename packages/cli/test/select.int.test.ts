import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliSandbox, type CliSandbox } from './cli-sandbox.js';

let sb: CliSandbox;
beforeAll(async () => {
  sb = await startCliSandbox();
});
afterAll(async () => {
  await sb?.stop();
});

const SITE = ['--site', 'SANDBOX-ALPHA', '--vo', 'vo.access.egi.eu'];

describe('fedcloud select', () => {
  it('flavor --vcpus picks the smallest flavor with that many VCPUs', async () => {
    const r = await sb.run([
      'select',
      'flavor',
      ...SITE,
      '--vcpus',
      '2',
      '--output-format',
      'first',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('m1.medium\n');
  });

  it('flavor --gpus 1 matches the GPU flavor; JSON rows are flavor list --long rows', async () => {
    const r = await sb.run(['select', 'flavor', ...SITE, '--gpus', '1']);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as { Name: string; Properties: Record<string, string> }[];
    expect(rows.map((f) => f.Name)).toEqual(['g1.large-v100']);
    expect(rows[0]?.Properties['Accelerator:Number']).toBe('1');
  });

  it('flavor specs filter and sort smallest first', async () => {
    const r = await sb.run([
      'select',
      'flavor',
      ...SITE,
      '--flavor-specs',
      'VCPUs>=2 & RAM>2048',
      '--output-format',
      'list',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      'm1.medium',
      'm1.large',
      'm1.xlarge',
      'g1.large-v100',
    ]);
  });

  it('a malformed spec is a usage error naming the position', async () => {
    const r = await sb.run(['select', 'flavor', ...SITE, '--flavor-specs', 'VCPUs==2 & RAM>']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('position 16');
    expect(r.stdout).toBe('');
  });

  it('image specs match names by regular expression', async () => {
    const r = await sb.run([
      'select',
      'image',
      ...SITE,
      '--image-specs',
      'Name=~"22.04"',
      '--output-format',
      'list',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const names = r.stdout.trim().split('\n');
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name).toContain('22.04');
  });

  it('ALL_SITES answers per site', async () => {
    const r = await sb.run([
      'select',
      'flavor',
      '--site',
      'ALL_SITES',
      '--vo',
      'vo.access.egi.eu',
      '--vcpus',
      '1',
      '--output-format',
      'first',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((line) => line.split(' ')[0]),
    ).toEqual(sb.sandbox.sites.map((s) => s.name));
  });
});
