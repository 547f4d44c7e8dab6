import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEphemeralSandbox, type EphemeralSandbox } from '@fedcloud/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from './cli-sandbox.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SANDBOX_BIN = join(ROOT, 'packages/local/dist/bin.js');

/** The first bash block under a README heading, exactly as written there. */
async function readmeExample(heading = '## The `fedcloud` command'): Promise<string> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf(heading);
  if (at === -1) throw new Error(`no README heading ${heading}`);
  const match = /```bash\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!match?.[1]) throw new Error(`no bash block in the README section ${heading}`);
  return match[1];
}

/**
 * Every README example works as written: the block is run line by line in bash against a fresh
 * sandbox, with `npx` pointing at the built commands and nothing else set up.
 */
describe('the README', () => {
  let sandbox: EphemeralSandbox;
  let work: string;
  beforeAll(async () => {
    sandbox = await startEphemeralSandbox();
    work = await mkdtemp(join(tmpdir(), 'fedcloud-readme-'));
  });
  afterAll(async () => {
    await sandbox?.cleanup();
    await rm(work, { recursive: true, force: true });
  });

  it('lists every package in its table, and every package has a README', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const packages = (await readdir(join(ROOT, 'packages'))).sort();
    expect(packages.length).toBeGreaterThan(6);
    for (const name of packages) {
      expect([name, readme.includes(`| \`packages/${name}\``)]).toEqual([name, true]);
      const own = await readFile(join(ROOT, 'packages', name, 'README.md'), 'utf8');
      expect(own.startsWith('# ')).toBe(true);
    }
  });

  const npxFunction = () =>
    [
      'npx() {',
      `  case "$1" in`,
      `    fedcloud-sandbox) shift; node ${SANDBOX_BIN} --data-dir ${sandbox.files.dataDir} "$@" ;;`,
      `    fedcloud) shift; node ${CLI} "$@" ;;`,
      '    *) echo "unexpected npx $1" >&2; return 1 ;;',
      '  esac',
      '}',
    ].join('\n');

  const runBash = (script: string) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile(
        '/bin/bash',
        ['-c', script],
        {
          cwd: work,
          env: { PATH: process.env.PATH, HOME: work, NO_COLOR: '1' },
          timeout: 240_000,
          maxBuffer: 16 << 20,
        },
        (error, stdout, stderr) =>
          done({
            code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
            stdout,
            stderr,
          }),
      );
    });

  it('walks through fedcloud as written, every line succeeding', async () => {
    const example = await readmeExample();
    expect(example).toContain('eval "$(npx fedcloud-sandbox env)"');
    const result = await runBash(
      `set -euo pipefail\n${npxFunction()}\n${example}\necho "README OK: $OS_AUTH_URL"\n`,
    );
    // stderr carries fedcloudclient's per-command headers ("Site: …, VO: …, command: …") only.
    const other = result.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('Site: '));
    expect(other).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('README OK: https://');
    expect(result.stdout).toContain('g1.large-v100');
  }, 300_000);

  it("runs the secrets example against the sandbox's Vault, every line succeeding", async () => {
    const example = await readmeExample('### Secrets (`fedcloud secret`)');
    const result = await runBash(
      `set -euo pipefail\n${npxFunction()}\neval "$(npx fedcloud-sandbox env)"\n${example}\necho "SECRETS OK"\n`,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // The decrypted value and the value read back through the locker, as put.
    expect(result.stdout).toContain('secret-value');
    expect(result.stdout.match(/s3cr3t/g)?.length).toBeGreaterThanOrEqual(2);
    expect(result.stdout).toContain('SECRETS OK');
    expect((await readFile(join(work, 'password.txt'), 'utf8')).trim()).toBe('s3cr3t');
  }, 120_000);
});
