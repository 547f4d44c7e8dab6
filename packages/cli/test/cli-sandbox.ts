import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sandbox } from '@fedcloud/sandbox';
import { startEphemeralSandbox } from '@fedcloud/sandbox/testing';

/** The built CLI (`npx tsc -b` first), run as users run it. */
export const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/main.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliSandbox {
  sandbox: Sandbox;
  home: string;
  token: string;
  /** The environment a user of the sandbox has: sites folder, CA, token (never in argv). */
  env(extra?: Record<string, string | undefined>): NodeJS.ProcessEnv;
  run(args: string[], extra?: Record<string, string | undefined>): Promise<CliRun>;
  stop(): Promise<void>;
}

export async function startCliSandbox(): Promise<CliSandbox> {
  const home = await mkdtemp(join(tmpdir(), 'fedcloud-cli-home-'));
  const sandbox = await startEphemeralSandbox();
  const token = await sandbox.tokenFor('alice');
  const env = (extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv => {
    const base: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: home,
      XDG_CACHE_HOME: join(home, '.cache'),
      SHELL: '/bin/bash',
      NO_COLOR: '1',
      FEDCLOUD_SITE_CONFIG_DIR: sandbox.files.sitesDir,
      FEDCLOUD_CA_FILE: sandbox.files.caFile,
      OIDC_ACCESS_TOKEN: token,
    };
    for (const [key, value] of Object.entries(extra)) {
      if (value === undefined) delete base[key];
      else base[key] = value;
    }
    return base;
  };
  const run = (args: string[], extra?: Record<string, string | undefined>) =>
    new Promise<CliRun>((done) => {
      execFile(
        process.execPath,
        [CLI, ...args],
        { env: env(extra), cwd: home, timeout: 60_000, maxBuffer: 16 << 20 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          done({ code, stdout, stderr });
        },
      );
    });
  return {
    sandbox,
    home,
    token,
    env,
    run,
    async stop() {
      await sandbox.cleanup();
      await rm(home, { recursive: true, force: true });
    },
  };
}
