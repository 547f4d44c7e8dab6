import { describe, expect, it } from 'vitest';
import {
  acceleratorOf,
  buildAcceleratorRecords,
  renderAcceleratorMessages,
} from './accelerator-record.js';
import type { CloudRecord } from './cloud-record.js';
import { renderIpMessages, type IpRecord } from './ip-record.js';
import { pythonJson } from './python-json.js';

// 2026-11-30T22:00:00Z, worked out in build-cloud-record.test.ts.
const NOV_30_22H = 1_796_076_000;
const HOUR = 3600;

const GPU_SPECS = {
  'Accelerator:Number': '1',
  'Accelerator:Vendor': 'nvidia',
  'Accelerator:Model': 'Tesla V100',
  'Accelerator:Type': 'GPU',
  'pci_passthrough:alias': 'V100:1',
};

const cloud: CloudRecord = {
  vmUuid: 'vm-1',
  siteName: 'SANDBOX-ALPHA',
  cloudComputeService: 'alpha.example.org',
  globalUserName: 'alice@egi.eu',
  fqan: 'vo.access.egi.eu',
  status: 'started',
  startTime: NOV_30_22H,
  endTime: 0,
  cloudType: 'fedcloud-agent/0.1.0 (OpenStack)',
};

const window = {
  extractFrom: new Date('2026-11-30T00:00:00Z'),
  extractTo: new Date('2026-12-01T01:00:00Z'),
};

describe('pythonJson', () => {
  it("writes what Python's json.dumps writes (checked against python3)", () => {
    expect(pythonJson({ a: 'ü"\n\u007f\t😀', b: [1, null, true], c: {} })).toBe(
      '{"a": "\\u00fc\\"\\n\\u007f\\t\\ud83d\\ude00", "b": [1, null, true], "c": {}}',
    );
  });
});

describe('accelerator records (cASO _build_acc_records)', () => {
  const gpu = acceleratorOf(GPU_SPECS)!;

  it('reads the four Accelerator: keys, the model prefixed by the vendor', () => {
    expect(gpu).toEqual({ type: 'GPU', model: 'nvidia Tesla V100', count: 1 });
    const { 'Accelerator:Vendor': _vendor, ...noVendor } = GPU_SPECS;
    expect(acceleratorOf(noVendor)).toBeUndefined();
    expect(acceleratorOf({})).toBeUndefined();
  });

  it('gives one record per month of the window, each with the seconds in that month', () => {
    const records = buildAcceleratorRecords(cloud, gpu, window);
    expect(
      records.map((r) => [r.measurementYear, r.measurementMonth, r.availableDuration]),
    ).toEqual([
      [2026, 11, 2 * HOUR], // 22:00 → 24:00 on 30 November
      [2026, 12, 1 * HOUR], // 00:00 → 01:00 on 1 December
    ]);
    expect(records[0]).toMatchObject({ activeDuration: 2 * HOUR, associatedRecord: 'vm-1' });
  });

  it('ends at the VM end, and counts a month from its first day for an older VM', () => {
    const ended = { ...cloud, status: 'completed', endTime: NOV_30_22H + 1.5 * HOUR };
    expect(buildAcceleratorRecords(ended, gpu, window).map((r) => r.availableDuration)).toEqual([
      5400,
    ]);
    // Created 15 October: November counts whole (30 days), December its first hour.
    const old = { ...cloud, startTime: Date.UTC(2026, 9, 15) / 1000 };
    expect(buildAcceleratorRecords(old, gpu, window).map((r) => r.availableDuration)).toEqual([
      30 * 24 * HOUR,
      HOUR,
    ]);
  });

  it("renders cASO's JSON message byte for byte", () => {
    const [record] = buildAcceleratorRecords(cloud, gpu, window);
    expect(renderAcceleratorMessages([record!])).toEqual([
      '{"Type": "APEL-accelerator-message", "Version": "0.1", "UsageRecords": [{"SiteName": "SANDBOX-ALPHA", "CloudType": "fedcloud-agent/0.1.0 (OpenStack)", "CloudComputeService": "alpha.example.org", "AssociatedRecord": "vm-1", "GlobalUserName": "alice@egi.eu", "FQAN": "vo.access.egi.eu", "Count": 1, "AvailableDuration": 7200, "MeasurementMonth": 11, "MeasurementYear": 2026, "AssociatedRecordType": "cloud", "Type": "GPU", "Model": "nvidia Tesla V100", "ActiveDuration": 7200}]}',
    ]);
  });
});

describe('public IP records', () => {
  it("renders cASO's v0.2 JSON, at most maxRecords a message", () => {
    const record: IpRecord = {
      measurementTime: NOV_30_22H,
      siteName: 'S',
      cloudComputeService: 'svc',
      cloudType: 'fedcloud-agent/0.1.0 (OpenStack)',
      uuid: '0b6c5c3e-0000-4000-8000-000000000001',
      localGroup: 'p-1',
      fqan: 'vo.access.egi.eu',
      ipVersion: 4,
      ipCount: 2,
    };
    const messages = renderIpMessages([record, { ...record, ipVersion: 6, ipCount: 1 }], 1);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toBe(
      '{"Type": "APEL Public IP message", "Version": "0.2", "UsageRecords": [{"SiteName": "S", "CloudType": "fedcloud-agent/0.1.0 (OpenStack)", "CloudComputeService": "svc", "uuid": "0b6c5c3e-0000-4000-8000-000000000001", "LocalGroup": "p-1", "FQAN": "vo.access.egi.eu", "IPVersion": 4, "IPCount": 2, "MeasurementTime": 1796076000}]}',
    );
  });
});
