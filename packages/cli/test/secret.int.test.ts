import { spawn } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, startCliSandbox, type CliRun, type CliSandbox } from './cli-sandbox.js';

/**
 * `fedcloud secret` run as users run it, against the sandbox's Vault (EGI's secret store:
 * JWT login, KV v1 under secrets/users/<sub>/, lockers with a cubbyhole). Expected outputs are
 * written out by hand from fedcloudclient 1.4.4's formats (tabulate, PyYAML, json).
 */
let sb: CliSandbox;
let bobToken: string;

beforeAll(async () => {
  sb = await startCliSandbox();
  bobToken = await sb.sandbox.tokenFor('bob');
});
afterAll(async () => {
  await sb?.stop();
});

/** The user's environment plus the sandbox Vault; stdin when given (secrets never in argv). */
function secret(
  args: string[],
  options: { env?: Record<string, string | undefined>; stdin?: string | Buffer } = {},
): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: sb.env({ FEDCLOUD_VAULT_URL: sb.sandbox.vaultUrl, ...options.env }),
      cwd: sb.home,
      timeout: 60_000,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => stdout.push(c));
    child.stderr.on('data', (c: Buffer) => stderr.push(c));
    child.on('error', fail);
    child.on('close', (code) =>
      done({
        code: code ?? 1,
        stdout: Buffer.concat(stdout).toString(),
        stderr: Buffer.concat(stderr).toString(),
      }),
    );
    child.stdin.end(options.stdin ?? '');
  });
}

/** A port nothing listens on (fetch refuses "bad ports" such as 1 before connecting). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  await new Promise((closed) => server.close(closed));
  return port;
}

function subOf(token: string): string {
  const payload = token.split('.')[1]!;
  return (JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sub: string }).sub;
}

const ok = (r: CliRun) => expect(r.code, r.stderr).toBe(0);

describe('fedcloud secret put, get, list, delete', () => {
  it('stores key=value and key=@file, and prints them as a table, YAML, JSON, one value', async () => {
    await writeFile(join(sb.home, 'pw.txt'), 's3cr3t\n');
    // Keys in sorted order: real Vault answers with sorted keys (Go maps), the sandbox in the
    // order written; both then give the same table.
    ok(await secret(['secret', 'put', 'my_app', 'n=42', 'password=@pw.txt', 'user=ann']));

    const table = await secret(['secret', 'get', 'my_app']);
    ok(table);
    // "42" would align right in a column of numbers; among text it is text, left-aligned.
    expect(table.stdout).toBe(
      [
        'key       value',
        '--------  -------',
        'n         42',
        'password  s3cr3t',
        'user      ann',
        '',
      ].join('\n'),
    );
    const yaml = await secret(['secret', 'get', 'my_app', '-f', 'yaml']);
    expect(yaml.stdout).toBe("n: '42'\npassword: 's3cr3t\n\n  '\nuser: ann\n");
    const json = await secret(['secret', 'get', 'my_app', '-f', 'JSON']);
    expect(json.stdout).toBe(
      '{\n    "n": "42",\n    "password": "s3cr3t\\n",\n    "user": "ann"\n}\n',
    );
    const value = await secret(['secret', 'get', 'my_app', 'password']);
    expect(value.stdout).toBe('s3cr3t\n');
    const user = await secret(['secret', 'get', 'my_app', 'user']);
    expect(user.stdout).toBe('ann');
  });

  it('lists names, folders with a slash; deletes; a deleted secret is not found (exit 9)', async () => {
    ok(await secret(['secret', 'put', 'folder/inner', 'k=v']));
    const top = await secret(['secret', 'list']);
    ok(top);
    expect(top.stdout.split('\n')).toEqual(expect.arrayContaining(['my_app', 'folder/']));
    expect((await secret(['secret', 'list', 'folder'])).stdout).toBe('inner\n');

    ok(await secret(['secret', 'delete', 'folder/inner']));
    const gone = await secret(['secret', 'get', 'folder/inner']);
    expect(gone.code).toBe(9);
    expect(gone.stdout).toBe('');
    expect(gone.stderr).toContain(
      'Error when accessing secrets on server. Server response: InvalidPath: nothing at this path, on GET',
    );
    expect(gone.stderr).toContain('/v1/secrets/users/');
    expect(gone.stderr).toContain('(HTTP 404)');
  });

  it('reads key=- and a whole YAML object (-) from standard input, @file.json and @file.yaml', async () => {
    ok(await secret(['secret', 'put', 'from_stdin', 'token=-'], { stdin: 'line one\r\nline two' }));
    expect((await secret(['secret', 'get', 'from_stdin', 'token'])).stdout).toBe(
      'line one\r\nline two',
    );

    ok(await secret(['secret', 'put', 'obj', '-'], { stdin: 'enabled: yes\nport: 8080\n' }));
    expect((await secret(['secret', 'get', 'obj', '-f', 'JSON'])).stdout).toBe(
      '{\n    "enabled": true,\n    "port": 8080\n}\n',
    );

    await writeFile(join(sb.home, 'a.json'), '{"ratio": 0.5, "user": "bob"}');
    await writeFile(join(sb.home, 'b.yaml'), 'mode: 0755\nname: x\n');
    ok(await secret(['secret', 'put', 'files', '@b.yaml', '@a.json', 'name=y']));
    expect((await secret(['secret', 'get', 'files'])).stdout).toBe(
      [
        'key    value',
        '-----  -------',
        'mode   493',
        'name   y',
        'ratio  0.5',
        'user   bob',
        '',
      ].join('\n'),
    );
  });

  it('encrypts values with -e so that only -d with the same passphrase reads them', async () => {
    ok(await secret(['secret', 'put', 'enc', 'note=über', 'pw=hunter2', '-e', 'pass phrase']));
    const raw = await secret(['secret', 'get', 'enc', '-f', 'JSON']);
    const stored = JSON.parse(raw.stdout) as Record<string, string>;
    expect(Object.keys(stored).sort()).toEqual(['fedcloud_salt', 'note', 'pw']);
    expect(stored.pw).toMatch(/^gAAAAA[\w-]+=*$/);
    expect(Buffer.from(stored.fedcloud_salt!, 'base64')).toHaveLength(16);
    expect(raw.stdout).not.toContain('hunter2');

    const plain = await secret(['secret', 'get', 'enc', '-d', 'pass phrase']);
    expect(plain.stdout).toBe('key    value\n-----  -------\nnote   über\npw     hunter2\n');
    expect((await secret(['secret', 'get', 'enc', 'pw', '-d', 'pass phrase'])).stdout).toBe(
      'hunter2',
    );

    const wrong = await secret(['secret', 'get', 'enc', '-d', 'not it']);
    expect(wrong.code).toBe(9);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toContain(
      'Error during decryption of note: wrong decryption key, or the value was not encrypted with it',
    );
    const notEncrypted = await secret(['secret', 'get', 'my_app', '-d', 'pass phrase']);
    expect(notEncrypted.code).toBe(9);
    expect(notEncrypted.stderr).toContain('the secret has no fedcloud_salt');
  });

  it('-b stores a binary file base64-encoded and gives its bytes back; -o files are 0600', async () => {
    const blob = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await writeFile(join(sb.home, 'blob.bin'), blob);
    ok(await secret(['secret', 'put', 'bin', 'blob=@blob.bin', '-b']));
    expect((await secret(['secret', 'get', 'bin', 'blob'])).stdout).toBe(blob.toString('base64'));

    ok(await secret(['secret', 'get', 'bin', 'blob', '-b', '-o', 'out.bin']));
    expect(await readFile(join(sb.home, 'out.bin'))).toEqual(blob);
    expect((await stat(join(sb.home, 'out.bin'))).mode & 0o777).toBe(0o600);

    const toFile = await secret(['secret', 'get', 'my_app', '-f', 'YAML', '-o', 'app.yaml']);
    expect(toFile.stdout).toBe('');
    expect(await readFile(join(sb.home, 'app.yaml'), 'utf8')).toBe(
      "n: '42'\npassword: 's3cr3t\n\n  '\nuser: ann\n",
    );
    expect((await stat(join(sb.home, 'app.yaml'))).mode & 0o777).toBe(0o600);
  });

  it("refuses another user's path with Vault's 403, in words, exit 9", async () => {
    const bob = { OIDC_ACCESS_TOKEN: bobToken };
    ok(await secret(['secret', 'put', 'mine', 'k=bob-only'], { env: bob }));
    expect((await secret(['secret', 'get', 'mine', 'k'], { env: bob })).stdout).toBe('bob-only');

    // alice reaches for bob's folder through `..`: the URL resolves it, Vault's policy refuses.
    const r = await secret(['secret', 'get', `../${subOf(bobToken)}/mine`]);
    expect(r.code).toBe(9);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      `Error when accessing secrets on server. Server response: Forbidden: permission denied, on GET ${sb.sandbox.vaultUrl}/v1/secrets/users/${encodeURIComponent(subOf(bobToken))}/mine (HTTP 403)`,
    );
    expect(r.stderr).toContain('Vault lets each user reach only their own secrets');
    // alice's own "mine" is a different secret, which she does not have.
    expect((await secret(['secret', 'get', 'mine'])).code).toBe(9);
  });
});

describe('fedcloud secret locker', () => {
  it('create prints a token; the locker holds secrets of its own, reached without an OIDC token', async () => {
    const created = await secret(['secret', 'locker', 'create', '--ttl', '1h', '--num-uses', '20']);
    ok(created);
    expect(created.stdout).toMatch(/^hvs\.\S+\n$/);
    const locker = created.stdout.trim();
    const asLocker = { FEDCLOUD_LOCKER_TOKEN: locker, OIDC_ACCESS_TOKEN: undefined };

    ok(await secret(['secret', 'put', 'box', 'a=1', 'b=two'], { env: asLocker }));
    expect((await secret(['secret', 'get', 'box'], { env: asLocker })).stdout).toBe(
      'key    value\n-----  -------\na      1\nb      two\n',
    );
    expect((await secret(['secret', 'list'], { env: asLocker })).stdout).toBe('box\n');
    // --locker-token works as the variable does; the user's own store has no "box".
    const flag = await secret(['secret', 'get', 'box', 'b', '--locker-token', locker]);
    expect(flag.stdout).toBe('two');
    expect((await secret(['secret', 'get', 'box'])).code).toBe(9);

    const check = await secret(['secret', 'locker', 'check', '-f', 'JSON'], { env: asLocker });
    ok(check);
    const details = JSON.parse(check.stdout) as Record<string, unknown>;
    // 20 uses: put, get, list, get --locker-token, and this lookup.
    expect(details).toMatchObject({ num_uses: 15, policies: ['default'], renewable: false });
    expect(details.ttl).toBeGreaterThan(3500);
    expect(details.ttl).toBeLessThanOrEqual(3600);

    ok(await secret(['secret', 'delete', 'box'], { env: asLocker }));
    expect((await secret(['secret', 'get', 'box'], { env: asLocker })).code).toBe(9);
  });

  it('--verbose prints the token details in the chosen format', async () => {
    const r = await secret([
      'secret',
      'locker',
      'create',
      '--num-uses',
      '3',
      '--verbose',
      '-f',
      'yaml',
    ]);
    ok(r);
    expect(r.stdout).toMatch(/^client_token: hvs\.\S+\naccessor: \S+\npolicies:\n- default\n/);
    expect(r.stdout).toContain('\nrenewable: false\n');
    expect(r.stdout).toContain('\nnum_uses: 3\n');
    expect(r.stdout).toContain('\nlease_duration: 86400\n');
  });

  it('a locker that has used up its uses is refused (403, exit 9) with a hint', async () => {
    const locker = (await secret(['secret', 'locker', 'create', '--num-uses', '2'])).stdout.trim();
    const env = { FEDCLOUD_LOCKER_TOKEN: locker };
    ok(await secret(['secret', 'put', 'x', 'k=v'], { env }));
    expect((await secret(['secret', 'get', 'x', 'k'], { env })).stdout).toBe('v');
    const spent = await secret(['secret', 'get', 'x', 'k'], { env });
    expect(spent.code).toBe(9);
    expect(spent.stderr).toContain('Forbidden: permission denied, on GET');
    expect(spent.stderr).toContain('/v1/cubbyhole/x (HTTP 403)');
    expect(spent.stderr).toContain('it may have expired, used up its uses, or been revoked');
    expect(spent.stderr).not.toContain(locker);
  });

  it('a locker past its TTL is refused', async () => {
    const locker = (await secret(['secret', 'locker', 'create', '--ttl', '2s'])).stdout.trim();
    const env = { FEDCLOUD_LOCKER_TOKEN: locker };
    ok(await secret(['secret', 'put', 'x', 'k=v'], { env }));
    await new Promise((r) => setTimeout(r, 3000));
    const late = await secret(['secret', 'get', 'x'], { env });
    expect(late.code).toBe(9);
    expect(late.stderr).toContain('(HTTP 403)');
    expect((await secret(['secret', 'locker', 'check'], { env })).code).toBe(9);
  });

  it('revoke ends the locker and its contents', async () => {
    const locker = (await secret(['secret', 'locker', 'create'])).stdout.trim();
    const env = { FEDCLOUD_LOCKER_TOKEN: locker };
    ok(await secret(['secret', 'put', 'x', 'k=v'], { env }));
    ok(await secret(['secret', 'locker', 'revoke'], { env }));
    const after = await secret(['secret', 'locker', 'check'], { env });
    expect(after.code).toBe(9);
    expect(after.stderr).toContain('/v1/auth/token/lookup-self (HTTP 403)');
    expect((await secret(['secret', 'get', 'x'], { env })).code).toBe(9);
  });
});

describe('fedcloud secret: bad input gets a clear message and a non-zero exit', () => {
  it.each([
    [['secret', 'put', 'x'], 2, "Expecting 'key=value' arguments for secrets, None provided."],
    [
      ['secret', 'put', 'x', 'novalue'],
      2,
      "Expecting 'key=value' arguments for secrets. 'novalue' provided.",
    ],
    [
      ['secret', 'put', 'x', 'k=@missing.txt'],
      2,
      'Error when reading file missing.txt: no such file',
    ],
    [
      ['secret', 'put', 'x', '@missing.yaml'],
      2,
      'Error when reading file missing.yaml: no such file',
    ],
    [['secret', 'get', 'my_app', '-f', 'xml'], 2, "'xml' is not one of 'text', 'YAML', 'JSON'."],
    [['secret', 'get', 'my_app', 'nokey'], 9, 'nokey not found in my_app'],
    [['secret', 'get', ''], 2, 'A secret path is needed'],
    [['secret', 'locker', 'check'], 2, "Missing argument '[locker_token]'."],
    [['secret', 'locker', 'create', '--num-uses', 'many'], 2, "'many' is not a valid integer"],
  ])('%j exits %i: %s', async (args, code, message) => {
    const r = await secret(args);
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
  });

  it('without any token: TOKEN_MISSING (exit 3), before Vault is asked', async () => {
    const r = await secret(['secret', 'list'], { env: { OIDC_ACCESS_TOKEN: undefined } });
    expect(r.code).toBe(3);
  });

  it('an unreachable Vault: exit 9, the reason, no token', async () => {
    const r = await secret([
      'secret',
      'list',
      '--vault-url',
      `https://127.0.0.1:${await freePort()}`,
    ]);
    expect(r.code).toBe(9);
    expect(r.stderr).toContain('cannot reach Vault: ');
    expect(r.stderr).toContain('ECONNREFUSED');
    expect(r.stderr).not.toContain(sb.token);
  });
});

describe('fedcloud secret --debug', () => {
  it('shows every Vault call, never a token, a locker token or a secret value', async () => {
    const value = 'TOP-SECRET-VALUE-1234';
    const put = await secret(['--debug', 'secret', 'put', 'dbg', `k=${value}`, 'f=-'], {
      stdin: 'from-stdin-9876',
    });
    ok(put);
    const get = await secret(['--debug', 'secret', 'get', 'dbg', '-f', 'JSON']);
    ok(get);
    const created = await secret(['--debug', 'secret', 'locker', 'create', '--num-uses', '5']);
    ok(created);
    const locker = created.stdout.trim();
    const check = await secret(['--debug', 'secret', 'locker', 'check'], {
      env: { FEDCLOUD_LOCKER_TOKEN: locker },
    });
    ok(check);

    const debug = [put, get, created, check].map((r) => r.stderr).join('');
    const lines = debug.split('\n').filter((l) => l !== '');
    expect(lines.every((l) => l.startsWith('[debug] '))).toBe(true);
    for (const call of [
      /^\[debug\] POST \S+\/v1\/auth\/jwt\/login -> 200 \(\d+ ms\)$/,
      /^\[debug\] POST \S+\/v1\/secrets\/users\/\S+\/dbg -> 204 /,
      /^\[debug\] GET \S+\/v1\/secrets\/users\/\S+\/dbg -> 200 /,
      /^\[debug\] POST \S+\/v1\/auth\/token\/renew-self -> 200 /,
      /^\[debug\] POST \S+\/v1\/auth\/token\/create -> 200 /,
      /^\[debug\] GET \S+\/v1\/auth\/token\/lookup-self -> 200 /,
    ]) {
      expect(
        lines.some((l) => call.test(l)),
        String(call),
      ).toBe(true);
    }
    for (const hidden of [sb.token, locker, value, 'from-stdin-9876', 'hvs.']) {
      expect(debug).not.toContain(hidden);
    }
    // put prints nothing; only get prints the values it was asked for.
    expect(put.stdout).toBe('');
    expect(JSON.parse(get.stdout)).toEqual({ f: 'from-stdin-9876', k: value });
  });
});
