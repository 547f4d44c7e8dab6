import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { glue21DocumentSchema } from '@fedcloud/sdk/glue2';
import { startEphemeralSandbox, type EphemeralSandbox } from '@fedcloud/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from './io.js';
import { runCli } from './program.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/fedcloud-agent.js', import.meta.url));

describe('fedcloud-agent info against a sandbox site', () => {
  let sandbox: EphemeralSandbox;
  let env: NodeJS.ProcessEnv;
  let args: string[];

  beforeAll(async () => {
    sandbox = await startEphemeralSandbox({ sites: 1 });
    const site = sandbox.sites[0]!;
    env = {
      OS_USERNAME: site.agent.username,
      OS_PASSWORD: site.agent.password,
      OS_USER_DOMAIN_NAME: site.agent.userDomainName,
    };
    args = [
      'info',
      '--site-file',
      join(sandbox.files.sitesDir, `${site.name}.yaml`),
      '--ca-file',
      sandbox.files.caFile!,
      '--once',
    ];
  });
  afterAll(async () => {
    await sandbox?.cleanup();
  });

  async function inProcess(extra: string[]) {
    let stdout = '';
    let stderr = '';
    const io: CliIo = {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      env,
      cwd: sandbox.files.dataDir,
      shutdown: () => Promise.resolve(),
    };
    const status = await runCli([...args, ...extra], io);
    return { status, stdout, stderr };
  }

  it('--print writes one valid GLUE 2.1 document; progress goes to stderr', async () => {
    const result = await inProcess(['--print']);
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const document = glue21DocumentSchema.parse(JSON.parse(lines[0]!));
    expect(document.Share).toHaveLength(sandbox.sites[0]!.vos.length);
    expect(result.stderr).toContain(
      'fedcloud-agent: warning: gocdb_id left out: no hub configured to look the site up in GOCDB',
    );
    expect(result.stderr).toMatch(
      /fedcloud-agent: SANDBOX-ALPHA: 3 shares, 9 images, 18 instance types in [\d.]+ s\n/,
    );
    expect(result.stderr).not.toContain(sandbox.sites[0]!.agent.password);
  });

  it('--json --print gives a machine-readable summary with the document', async () => {
    const result = await inProcess(['--print', '--json']);
    expect(result.status).toBe(0);
    const summary = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({ ok: true, siteName: 'SANDBOX-ALPHA' });
    expect(summary['shares']).toHaveLength(3);
    expect(glue21DocumentSchema.safeParse(summary['document']).success).toBe(true);
  });

  it('runs as a command through the bin shim', async () => {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args, '--print'], {
      env: { ...process.env, ...env },
      timeout: 60_000,
    });
    expect(glue21DocumentSchema.safeParse(JSON.parse(stdout)).success).toBe(true);
    expect(stderr).toContain('fedcloud-agent: SANDBOX-ALPHA: 3 shares');
  });
});
