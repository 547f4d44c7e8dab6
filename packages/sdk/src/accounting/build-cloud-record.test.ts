import { describe, expect, it } from 'vitest';
import { buildCloudRecord, type RecordContext, type ServerFacts } from './build-cloud-record.js';
import { measurementOf } from './measurement.js';

// Epoch seconds worked out by hand: 2026-01-01 is day 20454 since 1970 (56 years, 14 leap
// days); 2026-11-30 is day 333 of 2026; 2026-11-02 is day 305.
const NOV_30_22H = 1_796_076_000;
const DEC_01_01H = NOV_30_22H + 3 * 3600;
const NOV_02_10H = 1_793_613_600;

const context: RecordContext = {
  siteName: 'SANDBOX-ALPHA',
  computeService: 'alpha.example.org',
  vo: 'vo.access.egi.eu',
  cloudType: 'fedcloud-agent/0.1.0 (OpenStack)',
  userName: 'alice@egi.eu',
  flavor: { id: 'f2', ram: 4096, vcpus: 2, disk: 20, ephemeral: 5, extraSpecs: {} },
  extractFrom: new Date('2026-11-30T00:00:00Z'),
  extractTo: new Date('2026-12-01T01:00:00Z'),
};

const running: ServerFacts = {
  id: '6f1c1c1e-7b0b-4a62-9a55-000000000001',
  name: 'analysis-1',
  userId: 'u-alice',
  projectId: 'p-access',
  status: 'ACTIVE',
  created: '2026-11-30T22:00:00Z',
  updated: '2026-11-30T22:01:00Z',
  launchedAt: '2026-11-30T22:00:30.000000',
  terminatedAt: null,
  flavorId: 'f2',
  imageId: 'img-1',
  addresses: {
    public: [{ 'OS-EXT-IPS:type': 'fixed' }, { 'OS-EXT-IPS:type': 'floating' }],
  },
};

describe('buildCloudRecord (cASO semantics)', () => {
  it('reports a running VM cumulatively up to extractTo, with no end', () => {
    expect(buildCloudRecord(running, context)).toEqual({
      vmUuid: running.id,
      siteName: 'SANDBOX-ALPHA',
      cloudComputeService: 'alpha.example.org',
      machineName: 'analysis-1',
      localUserId: 'u-alice',
      localGroupId: 'p-access',
      globalUserName: 'alice@egi.eu',
      fqan: 'vo.access.egi.eu',
      status: 'started',
      startTime: NOV_30_22H,
      endTime: 0,
      wallDuration: 10_800,
      cpuDuration: 21_600,
      cpuCount: 2,
      publicIpCount: 1,
      memory: 4096,
      disk: 25,
      imageId: 'img-1',
      cloudType: 'fedcloud-agent/0.1.0 (OpenStack)',
    });
  });

  it('measures a running record at start + wall: the month it was reported in', () => {
    const record = buildCloudRecord(running, context);
    expect(record && measurementOf(record)).toEqual({ time: DEC_01_01H, year: 2026, month: 12 });
  });

  it('keeps a VM deleted after extractTo started, as it was at extractTo', () => {
    const later = { ...running, status: 'DELETED', terminatedAt: '2026-12-01T02:00:00Z' };
    const record = buildCloudRecord(later, context);
    expect(record).toMatchObject({ status: 'started', endTime: 0, wallDuration: 10_800 });
  });

  it('closes a VM that ended in the window, measured at its end', () => {
    const ended = { ...running, status: 'DELETED', terminatedAt: '2026-11-30T23:30:00Z' };
    const record = buildCloudRecord(ended, context);
    expect(record).toMatchObject({
      status: 'completed',
      endTime: NOV_30_22H + 5400,
      wallDuration: 5400,
      cpuDuration: 10_800,
    });
    expect(record && measurementOf(record)).toEqual({
      time: NOV_30_22H + 5400,
      year: 2026,
      month: 11,
    });
  });

  it('ends a never-launched server at its creation and bumps zero durations to 1 s', () => {
    const never = {
      ...running,
      status: 'ERROR',
      created: '2026-11-30T22:00:00Z',
      launchedAt: null,
    };
    expect(buildCloudRecord(never, context)).toMatchObject({
      status: 'error',
      endTime: NOV_30_22H,
      wallDuration: 1,
      cpuDuration: 1,
    });
  });

  it('ends a DELETED server without terminated_at at its last update', () => {
    const stuck = { ...running, status: 'DELETED', updated: '2026-11-30T23:00:00Z' };
    expect(buildCloudRecord(stuck, context)).toMatchObject({
      status: 'completed',
      endTime: NOV_30_22H + 3600,
      wallDuration: 3600,
    });
  });

  it('skips servers whose life lies outside the window', () => {
    const before = {
      ...running,
      created: '2026-11-02T10:00:00Z',
      status: 'DELETED',
      terminatedAt: '2026-11-29T10:00:00Z',
    };
    const after = { ...running, created: '2026-12-01T01:00:01Z' };
    expect(buildCloudRecord(before, context)).toBeUndefined();
    expect(buildCloudRecord(after, context)).toBeUndefined();
  });

  it('counts the whole life of a VM that started months before the window', () => {
    const old = { ...running, created: '2026-11-02T10:00:00Z' };
    expect(buildCloudRecord(old, context)).toMatchObject({
      startTime: NOV_02_10H,
      wallDuration: DEC_01_01H - NOV_02_10H,
      cpuDuration: 2 * (DEC_01_01H - NOV_02_10H),
    });
  });

  it('strips non-ASCII characters from names, as SSM reads ASCII', () => {
    const record = buildCloudRecord(
      { ...running, name: 'übung-vm' },
      { ...context, userName: 'jörg@egi.eu' },
    );
    expect(record).toMatchObject({ machineName: 'bung-vm', globalUserName: 'jrg@egi.eu' });
  });

  it("takes AppDB's image id, the benchmark and an unknown status from their sources", () => {
    const record = buildCloudRecord(
      { ...running, status: 'SHELVED_OFFLOADED' },
      {
        ...context,
        imageMpuri: 'https://appdb.egi.eu/store/vo/image/abc:123/',
        flavor: {
          id: 'f2',
          ram: 4096,
          vcpus: 2,
          disk: 20,
          ephemeral: 0,
          extraSpecs: {
            'accounting:benchmark_type': 'HEPSPEC06',
            'accounting:benchmark_value': '9.5',
          },
        },
      },
    );
    expect(record).toMatchObject({
      status: 'unknown',
      imageId: 'https://appdb.egi.eu/store/vo/image/abc:123/',
      benchmarkType: 'HEPSPEC06',
      benchmark: 9.5,
      disk: 20,
    });
  });

  it('leaves ImageId out for a server booted from a volume, and sizes 0 without a flavor', () => {
    const { imageId: _image, ...fromVolume } = running;
    const { flavor: _flavor, ...noFlavor } = context;
    const record = buildCloudRecord(fromVolume, noFlavor);
    expect(record?.imageId).toBeUndefined();
    expect(record).toMatchObject({ cpuCount: 0, memory: 0, disk: 0, cpuDuration: 1 });
  });
});
