import { describe, expect, it } from 'vitest';
import { parseCloudMessage, renderCloudMessages, renderCloudRecord } from './apel-message.js';
import type { CloudRecord } from './cloud-record.js';

const record: CloudRecord = {
  vmUuid: 'vm-1',
  siteName: 'SANDBOX-ALPHA',
  status: 'started',
  startTime: 1_796_076_000,
  endTime: 0,
  wallDuration: 10_800,
  cpuDuration: 21_600,
  cpuCount: 2,
  benchmarkType: 'HEPSPEC06',
  benchmark: 10,
  fqan: 'vo.access.egi.eu',
};

// Lines sorted as cASO sorts them: whole lines by code point, so Benchmark before BenchmarkType.
const TEXT = [
  'Benchmark: 10.0',
  'BenchmarkType: HEPSPEC06',
  'CpuCount: 2',
  'CpuDuration: 21600',
  'EndTime: 0',
  'FQAN: vo.access.egi.eu',
  'SiteName: SANDBOX-ALPHA',
  'StartTime: 1796076000',
  'Status: started',
  'VMUUID: vm-1',
  'WallDuration: 10800',
].join('\n');

describe('renderCloudRecord', () => {
  it("writes cASO's sorted Key: value lines, absent fields left out", () => {
    expect(renderCloudRecord(record)).toBe(TEXT);
  });
});

describe('renderCloudMessages', () => {
  it('splits records into messages of at most the given size, each with the header', () => {
    const records = [1, 2, 3].map((n) => ({ vmUuid: `vm-${n}`, siteName: 'S' }));
    expect(renderCloudMessages(records, 2)).toEqual([
      'APEL-cloud-message: v0.4\nSiteName: S\nVMUUID: vm-1\n%%\nSiteName: S\nVMUUID: vm-2\n',
      'APEL-cloud-message: v0.4\nSiteName: S\nVMUUID: vm-3\n',
    ]);
    expect(renderCloudMessages([])).toEqual([]);
  });
});

describe('parseCloudMessage', () => {
  it('reads back what it writes', () => {
    const [message] = renderCloudMessages([record, { vmUuid: 'vm-2', siteName: 'S' }]);
    expect(parseCloudMessage(message ?? '')).toEqual({
      ok: true,
      records: [record, { vmUuid: 'vm-2', siteName: 'S' }],
      rejected: [],
    });
  });

  it('treats none/null/empty as absent, drops fields the server computes, reads ISO times', () => {
    const text = [
      'APEL-cloud-message: v0.4',
      'VMUUID: vm-1',
      'SiteName: S',
      'GlobalUserName: None',
      'ImageId: null',
      'MachineName:',
      'MeasurementMonth: 11',
      'StartTime: 2026-11-30T22:00:00Z',
      'MachineName: kept: colons and all',
    ].join('\n');
    expect(parseCloudMessage(text)).toEqual({
      ok: true,
      records: [
        {
          vmUuid: 'vm-1',
          siteName: 'S',
          startTime: 1_796_076_000,
          machineName: 'kept: colons and all',
        },
      ],
      rejected: [],
    });
  });

  it('rejects each bad record with its reason and keeps the rest', () => {
    const text = [
      'APEL-cloud-message: v0.4',
      'VMUUID: ok-1\nSiteName: S',
      'SiteName: S\nWallDuration: 5',
      'VMUUID: bad-int\nSiteName: S\nWallDuration: 1.5',
      'VMUUID: bad-key\nSiteName: S\nColour: blue',
      'VMUUID: bad-time\nSiteName: S\nStartTime: yesterday',
      'VMUUID: backwards\nSiteName: S\nStartTime: 200\nEndTime: 100',
      'VMUUID: no-colon\nSiteName S',
      'VMUUID: ok-2\nSiteName: S\nCpuCount: 1.5',
    ].join('\n%%\n');
    const parsed = parseCloudMessage(text);
    expect(parsed).toEqual({
      ok: true,
      records: [
        { vmUuid: 'ok-1', siteName: 'S' },
        { vmUuid: 'ok-2', siteName: 'S', cpuCount: 1.5 },
      ],
      rejected: [
        { index: 1, reason: 'mandatory field VMUUID missing' },
        { index: 2, vmUuid: 'bad-int', reason: 'field WallDuration is not an integer: "1.5"' },
        { index: 3, vmUuid: 'bad-key', reason: 'unexpected field Colour' },
        {
          index: 4,
          vmUuid: 'bad-time',
          reason: 'field StartTime is not epoch seconds or an ISO time: "yesterday"',
        },
        { index: 5, vmUuid: 'backwards', reason: 'EndTime is before StartTime' },
        { index: 6, vmUuid: 'no-colon', reason: 'a line without "key: value": "SiteName S"' },
      ],
    });
  });

  it('refuses messages of another type or version as a whole', () => {
    expect(parseCloudMessage('APEL-summary-job-message: v0.3\nSite: S')).toEqual({
      ok: false,
      reason: 'not a cloud message: header "APEL-summary-job-message: v0.3"',
    });
    expect(parseCloudMessage('APEL-cloud-message: v0.2\nVMUUID: x')).toEqual({
      ok: false,
      reason: 'unsupported cloud message version "v0.2" (v0.4 only)',
    });
  });

  it('rejects non-ASCII values, which SSM could not have decoded', () => {
    const parsed = parseCloudMessage(
      'APEL-cloud-message: v0.4\nVMUUID: v\nSiteName: S\nMachineName: ü',
    );
    expect(parsed.ok && parsed.rejected).toEqual([
      { index: 0, vmUuid: 'v', reason: 'field MachineName is not ASCII' },
    ]);
  });
});
