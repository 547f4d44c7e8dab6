import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** `fedcloud-hub serve` over https, as an operator starts it for stock ssmsend. */
const BIN = resolve(fileURLToPath(import.meta.url), '../../../dist/bin.js');
const run = promisify(execFile);

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fedcloud-hub-serve-'));
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
    '-keyout',
    join(dir, 'key.pem'),
    '-out',
    join(dir, 'cert.pem'),
  ]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function serve(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string; stop(): void }> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      [
        BIN,
        'serve',
        '--port',
        '0',
        '--json',
        '--no-dashboard',
        '--database',
        join(dir, 'hub.db'),
        ...args,
      ],
      {
        env: { PATH: process.env.PATH, HOME: dir },
      },
    );
    let stdout = '';
    let stderr = '';
    const finish = (code: number | null) =>
      done({ code, stdout, stderr, stop: () => child.kill('SIGTERM') });
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) finish(null);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => finish(code));
  });
}

describe('fedcloud-hub serve --tls-cert --tls-key --trusted-ca', () => {
  it('serves https with the given certificate, and the AMS topic behind a key', async () => {
    const hub = await serve([
      '--tls-cert',
      join(dir, 'cert.pem'),
      '--tls-key',
      join(dir, 'key.pem'),
      '--trusted-ca',
      join(dir, 'cert.pem'),
    ]);
    try {
      expect(hub.code, hub.stderr).toBeNull();
      const ready = JSON.parse(hub.stdout) as { url: string };
      expect(ready.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const dispatcher = new Agent({
        connect: { ca: await readFile(join(dir, 'cert.pem'), 'utf8') },
      });
      const sites = await undiciFetch(`${ready.url}/sites/`, { dispatcher });
      expect(sites.status).toBe(200);
      // AMS's own answer to a publisher without a key.
      const topic = await undiciFetch(
        `${ready.url}/v1/projects/accounting/topics/eu-egi-cloud-accounting`,
        { dispatcher },
      );
      expect(topic.status).toBe(401);
      expect(await topic.json()).toMatchObject({ error: { code: 401 } });
      await dispatcher.close();
    } finally {
      hub.stop();
    }
  });

  it('refuses half a TLS pair and an unreadable CA before listening (exit 2)', async () => {
    const half = await serve(['--tls-cert', join(dir, 'cert.pem')]);
    expect(half.code).toBe(2);
    expect(half.stderr).toContain('give both or neither');
    const missing = await serve(['--trusted-ca', join(dir, 'nowhere')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      `cannot read --trusted-ca / FEDCLOUD_HUB_TRUSTED_CA: ${join(dir, 'nowhere')}`,
    );
  });
});
