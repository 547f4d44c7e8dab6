import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type EphemeralSandbox, startEphemeralSandbox } from '@fedcloud/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseLocations } from '../../test/locations.js';

/** The committed shim over the built CLI (`npx tsc -b packages/hub` first), as operators run it. */
const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/fedcloud-hub.js');

let home: string;
/** No FEDCLOUD_HUB_* from the caller's environment; HOME is a throw-away folder. */
const env = () => ({ PATH: process.env.PATH, HOME: home, NO_COLOR: '1' });

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: env(), timeout: 60_000 },
      (error, stdout, stderr) => {
        done({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          stderr,
        });
      },
    );
  });
}

/** Starts `serve`, resolves with its first stdout line (the ready line) and the process. */
function serve(
  args: string[],
): Promise<{ child: ChildProcess; line: string; stderr: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { env: env() });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolveReady, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolveReady({ child, line, stderr: () => stderr }));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

let sb: EphemeralSandbox;
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'fedcloud-hub-home-'));
  sb = await startEphemeralSandbox({ sites: 1 });
});
afterAll(async () => {
  await sb?.cleanup();
  await rm(home, { recursive: true, force: true });
});

describe('fedcloud-hub usage errors', () => {
  it('exits 2 with a clear message for bad flags, roles and settings', async () => {
    const unknownFlag = await run(['serve', '--bogus']);
    expect([unknownFlag.code, unknownFlag.stderr]).toEqual([
      2,
      expect.stringContaining("unknown option '--bogus'"),
    ]);
    const badPort = await run(['serve', '--port', 'http', '--database', join(home, 'x.db')]);
    expect([badPort.code, badPort.stderr]).toEqual([
      2,
      'fedcloud-hub: --port / FEDCLOUD_HUB_PORT must be a number\n',
    ]);
    const badRole = await run(['grant', 'someone', 'overlord', '--database', join(home, 'x.db')]);
    expect([badRole.code, badRole.stderr]).toEqual([
      2,
      'fedcloud-hub: unknown role overlord; roles are federation-admin, site-admin, vo-manager, site-agent\n',
    ]);
    const missingArg = await run(['grant', 'someone']);
    expect(missingArg.code).toBe(2);
    expect(missingArg.stderr).toMatch(/missing required argument 'role'/);
    const help = await run(['grant', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
  });

  it('fails at once with a clear error for an unusable database path', async () => {
    // Under a regular file (ENOTDIR) and under /proc, where Node's recursive mkdir never returns.
    const blocker = join(home, 'not-a-folder');
    await writeFile(blocker, 'x');
    for (const database of [join(blocker, 'sub', 'hub.db'), '/proc/self/fedcloud/hub.db']) {
      for (const command of [['serve'], ['migrate'], ['roles']]) {
        const result = await run([...command, '--database', database]);
        expect([command[0], result.code]).toEqual([command[0], 2]);
        expect(result.stderr).toContain(`cannot use the database ${database}`);
        expect(result.stderr).toContain('--database (or FEDCLOUD_HUB_DB)');
      }
    }
  });

  it('creates the SQLite database 0600 in a new folder 0700', async () => {
    const database = join(home, 'fresh', 'state', 'hub.db');
    const result = await run(['migrate', '--database', database]);
    expect(result.code).toBe(0);
    const modes = await Promise.all(
      [database, dirname(database), dirname(dirname(database))].map(
        async (path) => (await stat(path)).mode & 0o777,
      ),
    );
    expect(modes).toEqual([0o600, 0o700, 0o700]);
    for (const companion of [`${database}-wal`, `${database}-shm`]) {
      const mode = await stat(companion).then(
        (s) => s.mode & 0o777,
        () => undefined,
      );
      if (mode !== undefined) expect([companion, mode]).toEqual([companion, 0o600]);
    }
  });
});

describe.each(databaseLocations().map((d) => [d.name, d] as const))(
  'fedcloud-hub grant and serve (%s)',
  (_n, where) => {
    let place: Awaited<ReturnType<typeof where.create>>;
    beforeAll(async () => {
      place = await where.create();
    });
    afterAll(() => place.drop());

    it('bootstraps an admin from the command line, then serves and knows them', async () => {
      const db = ['--database', place.location];
      const granted = await run(['grant', 'boot-admin', 'federation-admin', ...db, '--json']);
      expect(granted.code, granted.stderr).toBe(0);
      expect(JSON.parse(granted.stdout)).toMatchObject({
        created: true,
        grant: { subject: 'boot-admin', role: 'federation-admin', target: '' },
      });
      const again = await run(['grant', 'boot-admin', 'federation-admin', ...db]);
      expect([again.code, again.stdout]).toEqual([
        0,
        'already granted: boot-admin federation-admin\n',
      ]);
      const listed = await run(['roles', ...db, '--json']);
      expect(JSON.parse(listed.stdout).map((g: { subject: string }) => g.subject)).toEqual([
        'boot-admin',
      ]);

      const hub = await serve([
        ...db,
        '--port',
        '0',
        '--issuer',
        sb.issuerUrl,
        '--ca-file',
        sb.files.caFile!,
        '--no-dashboard',
        '--json',
      ]);
      try {
        const ready = JSON.parse(hub.line);
        expect(ready).toMatchObject({
          ready: true,
          url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
        });
        // The ready line names the database but never its password.
        expect(hub.line).not.toContain(':fedcloud@');
        if (where.name === 'postgres') expect(ready.database).toContain(':***@');
        const token = await sb.issuer.signAccessTokenForTests({
          sub: 'boot-admin',
          scope: 'openid',
        });
        const whoami = await fetch(`${ready.url}/api/v1/whoami`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(await whoami.json()).toEqual({
          kind: 'user',
          subject: 'boot-admin',
          grants: [{ role: 'federation-admin', target: '' }],
        });
        const created = await fetch(`${ready.url}/api/v1/sites`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'CLI-SITE' }),
        });
        expect(created.status).toBe(201);
      } finally {
        const done = exited(hub.child);
        hub.child.kill('SIGTERM');
        expect(await done).toBe(0);
      }

      const revoked = await run(['revoke', 'boot-admin', 'federation-admin', ...db]);
      expect([revoked.code, revoked.stdout]).toEqual([0, 'revoked: boot-admin federation-admin\n']);
      const twice = await run(['revoke', 'boot-admin', 'federation-admin', ...db]);
      expect([twice.code, twice.stderr]).toEqual([
        1,
        'fedcloud-hub: boot-admin has no federation-admin\n',
      ]);
    });

    it('prints one human ready line without --json', async () => {
      const hub = await serve(['--database', place.location, '--port', '0', '--no-dashboard']);
      try {
        expect(hub.line).toMatch(
          /^fedcloud-hub ready at http:\/\/127\.0\.0\.1:\d+ \(database .+; issuer none: tokens are refused\)$/,
        );
        expect(hub.line).not.toContain(':fedcloud@');
      } finally {
        const done = exited(hub.child);
        hub.child.kill('SIGINT');
        expect(await done).toBe(0);
      }
    });
  },
);
