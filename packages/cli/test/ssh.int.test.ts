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

describe('fedcloud ssh', () => {
  it('--print shows the ssh command for the server address', async () => {
    const created = await sb.run([
      'openstack',
      'server',
      'create',
      '--image',
      'Image for EGI Ubuntu 22.04 [Ubuntu/22.04/KVM]',
      '--flavor',
      'm1.nano',
      '--network',
      'private-net',
      '--wait',
      'ssh-vm',
      '-f',
      'json',
      ...SITE,
    ]);
    expect(created.code, created.stderr).toBe(0);
    const addresses = (JSON.parse(created.stdout) as { addresses: Record<string, string[]> })
      .addresses;
    const address = Object.values(addresses).flat()[0];
    const r = await sb.run([
      'ssh',
      'ssh-vm',
      ...SITE,
      '-l',
      'ubuntu',
      '-i',
      'my key',
      '--print',
      '--',
      '-v',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`ssh -i 'my key' -l ubuntu -v ${address}\n`);
  });

  it('an unknown server fails with NOT_FOUND', async () => {
    const r = await sb.run(['ssh', 'nope', ...SITE, '--print']);
    expect(r.code).toBe(7);
    expect(r.stderr).toContain("No server with a name or ID of 'nope' exists.");
  });
});
