import { describe, expect, it } from 'vitest';
import { type CloudSummary, renderCloudSummaryMessages } from './summary-message.js';

const summary: CloudSummary = {
  siteName: 'SANDBOX-ALPHA',
  cloudComputeService: 'None',
  year: 2026,
  month: 11,
  globalUserName: 'alice@egi.eu',
  vo: 'vo.access.egi.eu',
  voGroup: 'None',
  voRole: 'None',
  status: 'started',
  cloudType: 'caso/5.2.2 (OpenStack)',
  imageId: 'None',
  cpuCount: 2,
  benchmarkType: 'None',
  benchmark: 0,
  earliestStartTime: 1_796_076_000,
  latestStartTime: 1_796_079_600,
  wallDuration: 7200,
  cpuDuration: 14_400,
  networkInbound: 0,
  networkOutbound: 0,
  memory: 4096,
  disk: 20,
  numberOfVms: 2,
};

describe('renderCloudSummaryMessages', () => {
  it("writes the unloader's lines in field order, dropping null words except in the VO fields", () => {
    expect(renderCloudSummaryMessages([summary])).toEqual([
      [
        'APEL-cloud-summary-message: v0.4',
        'SiteName: SANDBOX-ALPHA',
        'Month: 11',
        'Year: 2026',
        'GlobalUserName: alice@egi.eu',
        'VO: vo.access.egi.eu',
        'VOGroup: None',
        'VORole: None',
        'Status: started',
        'CloudType: caso/5.2.2 (OpenStack)',
        'EarliestStartTime: 1796076000',
        'LatestStartTime: 1796079600',
        'WallDuration: 7200',
        'CpuDuration: 14400',
        'CpuCount: 2.0',
        'NetworkInbound: 0',
        'NetworkOutbound: 0',
        'Memory: 4096',
        'Disk: 20',
        'Benchmark: 0.0',
        'NumberOfVMs: 2',
        '%%',
        '',
      ].join('\n'),
    ]);
  });

  it('ends every summary with a %% line and splits at the given size', () => {
    const { earliestStartTime: _e, latestStartTime: _l, ...bare } = summary;
    const one = { ...bare, benchmark: 9.5, cpuCount: 0.5 };
    const messages = renderCloudSummaryMessages([one, one, one], 2);
    expect(messages).toHaveLength(2);
    expect(messages[0]?.split('\n%%\n')).toHaveLength(3);
    expect(messages[1]).toMatch(/^APEL-cloud-summary-message: v0\.4\nSiteName: /);
    expect(messages[1]).toMatch(/\nBenchmark: 9\.5\nNumberOfVMs: 2\n%%\n$/);
    expect(messages[1]).toContain('\nCpuCount: 0.5\n');
    expect(messages[1]).not.toContain('StartTime');
    expect(renderCloudSummaryMessages([])).toEqual([]);
  });
});
