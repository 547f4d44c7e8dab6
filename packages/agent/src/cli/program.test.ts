import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from './io.js';
import { runCli } from './program.js';

let dir: string;
let siteFile: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fedcloud-agent-cli-'));
  siteFile = join(dir, 'site.yaml');
  writeFileSync(
    siteFile,
    'gocdb: EXAMPLE\nendpoint: https://keystone.invalid:5000/v3/\nvos:\n  - name: vo.access.egi.eu\n    auth:\n      project_id: abc\n',
  );
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function io(env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const value: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { OS_USERNAME: 'fedcloud-agent', OS_PASSWORD: 'pw-secret', ...env },
    cwd: dir,
    shutdown: () => Promise.resolve(),
  };
  return {
    value,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
  };
}

async function run(args: string[], env?: NodeJS.ProcessEnv) {
  const out = io(env);
  const status = await runCli(['info', ...args], out.value);
  return { status, stdout: out.stdout, stderr: out.stderr };
}

describe('fedcloud-agent info: bad input exits 2 with a clear message', () => {
  it('needs something to do', async () => {
    const result = await run(['--site-file', siteFile, '--once']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'fedcloud-agent: error: nothing to do: give --print to write the document to stdout, or --hub, --issuer and --client-id to publish it\n',
    );
  });

  it('refuses --once with --interval and a non-numeric interval', async () => {
    expect(
      (await run(['--site-file', siteFile, '--print', '--once', '--interval', '60'])).stderr,
    ).toContain('--once and --interval exclude each other');
    const bad = await run(['--site-file', siteFile, '--print', '--interval', '0']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--interval expects a whole number of seconds above 0');
  });

  it('needs --site-file', async () => {
    const result = await run(['--print', '--once']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("required option '--site-file <file>' not specified");
  });

  it('needs the whole hub triple and a secret', async () => {
    const partial = await run([
      '--site-file',
      siteFile,
      '--hub',
      'https://hub.example.org',
      '--once',
    ]);
    expect(partial.status).toBe(2);
    expect(partial.stderr).toContain(
      'publishing needs --hub, --issuer and --client-id: --issuer, --client-id missing',
    );

    const hubArgs = [
      '--hub',
      'https://hub.example.org',
      '--issuer',
      'https://aai.example.org',
      '--client-id',
      'agent-x',
    ];
    const noSecret = await run(['--site-file', siteFile, ...hubArgs, '--once']);
    expect(noSecret.status).toBe(2);
    expect(noSecret.stderr).toContain(
      'no client secret: set FEDCLOUD_AGENT_CLIENT_SECRET or give --client-secret-file <file> (mode 0600)',
    );

    const notUrl = await run([
      '--site-file',
      siteFile,
      '--hub',
      'hub.example.org',
      '--issuer',
      'https://a',
      '--client-id',
      'x',
      '--once',
    ]);
    expect(notUrl.stderr).toContain('--hub must be an http(s) URL, got "hub.example.org"');
  });

  it('refuses a client secret file others can read, without printing the secret', async () => {
    const file = join(dir, 'secret');
    writeFileSync(file, 'the-client-secret\n');
    chmodSync(file, 0o644);
    const result = await run([
      '--site-file',
      siteFile,
      '--hub',
      'https://hub.example.org',
      '--issuer',
      'https://aai.example.org',
      '--client-id',
      'agent-x',
      '--client-secret-file',
      file,
      '--once',
    ]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      `client secret file ${file} is readable by others (mode 0644); run chmod 600 ${file}`,
    );
    expect(result.stderr + result.stdout).not.toContain('the-client-secret');
  });

  it('reports an invalid site file with its line and column', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'gocdb: EXAMPLE\nendpoint: 42\nvos: []\n');
    const result = await run(['--site-file', file, '--print', '--once']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${file}:2:11: endpoint must be an http(s) URL`);
  });

  it('asks for credentials when none are given, and for the missing half of a password login', async () => {
    const none = await run(['--site-file', siteFile, '--print', '--once'], {
      OS_USERNAME: '',
      OS_PASSWORD: '',
    });
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('no credentials for the site: set OS_USERNAME and OS_PASSWORD');

    const half = await run(['--site-file', siteFile, '--print', '--once'], { OS_PASSWORD: '' });
    expect(half.status).toBe(2);
    expect(half.stderr).toContain('OS_PASSWORD is missing');
  });

  it('names the clouds.yaml problem', async () => {
    const clouds = join(dir, 'clouds.yaml');
    writeFileSync(clouds, 'clouds:\n  other:\n    auth: {username: u, password: p}\n');
    const result = await run(['--site-file', siteFile, '--print', '--once', '--os-cloud', 'mine'], {
      OS_USERNAME: '',
      OS_PASSWORD: '',
      OS_CLIENT_CONFIG_FILE: clouds,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`no cloud named mine in ${clouds} (clouds: other)`);
  });

  it('prints help with examples', async () => {
    const result = await run(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Examples:');
    expect(result.stdout).toContain('--client-secret-file <file>');
  });
});

describe('fedcloud-agent info: a cycle that fails', () => {
  it('exits 1 when the site cannot be reached, and never prints the password', async () => {
    const result = await run([
      '--site-file',
      siteFile,
      '--print',
      '--once',
      '--exit-on-share-errors',
    ]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /fedcloud-agent: EXAMPLE: cycle failed after [\d.]+ s: EXAMPLE: VO vo\.access\.egi\.eu: /,
    );
    expect(result.stderr).not.toContain('pw-secret');
  });
});
