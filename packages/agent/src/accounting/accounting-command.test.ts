import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../cli/io.js';
import { runCli } from '../cli/program.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fedcloud-acc-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env,
    cwd: dir,
    shutdown: () => Promise.resolve(),
  };
  const status = await runCli(['accounting', ...args], io);
  return { status, stdout, stderr };
}

describe('fedcloud-agent accounting: the command line', () => {
  it('--help shows the flags and examples', async () => {
    const { status, stdout } = await cli(['--help']);
    expect(status).toBe(0);
    for (const flag of [
      '--config',
      '--extract-from',
      '--extract-to',
      '--dry-run',
      '--send-only',
      '--extract-only',
      '--ssm-output',
      '--json',
    ]) {
      expect(stdout).toContain(flag);
    }
    expect(stdout).toContain('Examples:');
  });

  it('bad input exits 2 with one clear line', async () => {
    await writeFile(join(dir, 'ok.yaml'), 'site_name: S\n');
    await writeFile(join(dir, 'typo.yaml'), 'site_name: S\nvo_propery: VO\n');
    const cases: [string[], string][] = [
      [
        ['--config', 'missing.yaml'],
        `cannot read accounting config ${join(dir, 'missing.yaml')} (ENOENT)`,
      ],
      [['--config', 'typo.yaml'], `${join(dir, 'typo.yaml')}: unknown key vo_propery (a typo?)`],
      [
        ['--config', 'ok.yaml', '--send-only', '--extract-only'],
        '--send-only and --extract-only exclude each other',
      ],
      [['--config', 'ok.yaml'], 'nowhere to put the records'],
      [
        ['--config', 'ok.yaml', '--extract-to', 'yesterday'],
        '--extract-to expects an ISO 8601 time',
      ],
    ];
    for (const [args, message] of cases) {
      const { status, stderr } = await cli(args);
      expect(status, stderr).toBe(2);
      expect(stderr).toContain(message);
    }
  });

  it('refuses to run beside another run on the same spool (exit 1), and says who holds it', async () => {
    const spool = join(dir, 'spool');
    await writeFile(
      join(dir, 'a.yaml'),
      [
        'site_name: S',
        `spooldir: ${spool}`,
        'hub: {url: http://127.0.0.1:9, issuer: http://127.0.0.1:9, client_id: agent-s}',
      ].join('\n'),
    );
    await cli(['--config', 'a.yaml', '--send-only'], { FEDCLOUD_AGENT_CLIENT_SECRET: 's' });
    await writeFile(
      join(spool, 'lock'),
      JSON.stringify({ pid: process.pid, host: hostname(), since: '2026-11-30T22:00:00.000Z' }),
    );
    const { status, stderr } = await cli(['--config', 'a.yaml', '--send-only'], {
      FEDCLOUD_AGENT_CLIENT_SECRET: 's',
    });
    expect(status).toBe(1);
    expect(stderr).toContain(`error (SPOOL_LOCKED): another accounting run (pid ${process.pid}`);
  });
});
