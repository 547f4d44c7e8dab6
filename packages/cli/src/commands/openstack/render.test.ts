import { Writable } from 'node:stream';
import { FedcloudError } from '@fedcloud/sdk';
import { describe, expect, it } from 'vitest';
import type { OpenstackRun, SiteOutcome, SiteRow } from './outcome.js';
import { openstackExitStatus } from './exit-status.js';
import { renderOpenstackRun } from './render.js';

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, read: () => text };
}

function render(run: OpenstackRun) {
  const stdout = sink();
  const stderr = sink();
  renderOpenstackRun({ stdout: stdout.stream, stderr: stderr.stream }, run);
  return { stdout: stdout.read(), stderr: stderr.read() };
}

const row = (site: string, code: number, exception: string | null, result: unknown): SiteRow => ({
  Site: site,
  VO: 'vo.example.eu',
  command: 'image list',
  Exception: exception,
  'Error code': code,
  Result: result,
});

const ok: SiteOutcome = {
  row: row('A', 0, null, [{ ID: 'i1', Name: 'cirros', Status: 'active' }]),
  print: { text: 'i1 cirros active\n' },
};
const missing: SiteOutcome = {
  row: row('B', 11, null, 'VO vo.example.eu not found on site B\n'),
  error: new FedcloudError('VO_NOT_AT_SITE', 'VO vo.example.eu not found on site B'),
};
const refused: SiteOutcome = {
  row: row('C', 6, 'C refused the OIDC token', null),
  error: new FedcloudError('KEYSTONE_AUTH_FAILED', 'C refused the OIDC token', {
    hint: 'run fedcloud token list-vos',
  }),
};

const run = (outcomes: SiteOutcome[], more: Partial<OpenstackRun> = {}): OpenstackRun => ({
  outcomes,
  json: false,
  allSites: false,
  ignoreMissingVo: false,
  ...more,
});

describe('fedcloud openstack output', () => {
  it('prints each site: header on stderr, output or fedcloudclient’s error lines on stdout', () => {
    const out = render(run([ok, missing, refused]));
    expect(out.stdout).toBe(
      'i1 cirros active\n' +
        'Error code:  11\nError message:  VO vo.example.eu not found on site B\n' +
        'Error code:  6\nError message:  C refused the OIDC token\n',
    );
    expect(out.stderr).toBe(
      'Site: A, VO: vo.example.eu, command: image list\n' +
        'Site: B, VO: vo.example.eu, command: image list\n' +
        'Site: C, VO: vo.example.eu, command: image list\n' +
        'run fedcloud token list-vos\n',
    );
  });

  it('leaves hints out for ALL_SITES, and prints only the rows with -j', () => {
    expect(render(run([refused], { allSites: true })).stderr).not.toContain('list-vos');
    const json = render(run([ok, missing], { json: true }));
    expect(json.stderr).toBe('');
    expect(json.stdout).toBe(`${JSON.stringify([ok.row, missing.row], null, 2)}\n`);
  });

  it('exit status: 0, a single site’s own code, the python client’s code, else 1', () => {
    expect(openstackExitStatus(run([ok]))).toBe(0);
    expect(openstackExitStatus(run([refused]))).toBe(6);
    const delegated: SiteOutcome = {
      row: row('D', 2, null, 'usage: openstack\n'),
      error: new FedcloudError('EXTERNAL_COMMAND_FAILED', 'usage: openstack'),
    };
    expect(openstackExitStatus(run([delegated]))).toBe(2);
    expect(openstackExitStatus(run([ok, refused]))).toBe(1);
    expect(openstackExitStatus(run([ok, missing], { ignoreMissingVo: true }))).toBe(0);
  });
});
