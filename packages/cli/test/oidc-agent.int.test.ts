import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliSandbox, type CliRun, type CliSandbox } from './cli-sandbox.js';

/**
 * The real oidc-agent (Debian's, 4.2) against the sandbox issuer: `oidc-gen` creates an account
 * with the pre-registered public client and the password flow, loads it into a private agent, and
 * the real `fedcloud` gets every token from the agent with only OIDC_AGENT_ACCOUNT and OIDC_SOCK
 * set, as seed 001 logs in. Then the agent's own refusals (unknown account, locked, stopped) must
 * come out of fedcloud in words.
 */
const TOOLS = ['oidc-agent', 'oidc-gen', 'oidc-add', 'oidc-token'].map((t) => `/usr/bin/${t}`);
const missing = TOOLS.filter((path) => !existsSync(path));
const required = process.env.FEDCLOUD_REQUIRE_OIDC_AGENT === '1';
if (missing.length > 0 && !required) {
  console.warn(
    `SKIPPED oidc-agent test: missing ${missing.join(', ')} (install oidc-agent; set FEDCLOUD_REQUIRE_OIDC_AGENT=1 to make this a failure)`,
  );
}

const ACCOUNT = 'sandbox-alice';
const SCOPE = 'openid profile email eduperson_entitlement offline_access';
const VO = 'vo.access.egi.eu';

interface Agent {
  socket: string;
  child: ChildProcess;
  log(): string;
  stop(): Promise<void>;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((done) => {
    execFile(file, args, { env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

/** One request on oidc-agent's socket, its answer parsed (what liboidcagent does). */
function ask(socket: string, request: Record<string, unknown>): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const connection = createConnection({ path: socket });
    let text = '';
    connection.on('connect', () => connection.write(JSON.stringify(request)));
    connection.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    connection.on('end', () => resolve(JSON.parse(text) as Record<string, unknown>));
    connection.on('error', reject);
  });
}

function connects(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const connection = createConnection({ path: socket });
    connection.on('connect', () => {
      connection.destroy();
      resolve(true);
    });
    connection.on('error', () => resolve(false));
  });
}

/** A private agent in the foreground (`--console`), so the test owns its process and stops it. */
async function startAgent(dir: string): Promise<Agent> {
  const socket = join(dir, 'oidc-agent.sock');
  const child = spawn(
    TOOLS[0]!,
    ['--console', '--no-autoload', '--quiet', '--socket-path', socket],
    {
      env: { PATH: process.env.PATH, HOME: dir, TMPDIR: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 15_000;
  while (!(await connects(socket))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`oidc-agent did not start (exit ${child.exitCode}): ${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    socket,
    child,
    log: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

function payloadOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Record<
    string,
    unknown
  >;
}

describe.skipIf(missing.length > 0 && !required)('the real oidc-agent', () => {
  let sb: CliSandbox;
  let dir: string;
  let agent: Agent;
  let toolEnv: NodeJS.ProcessEnv;
  /** fedcloud with only the agent's variables: no OIDC_ACCESS_TOKEN. */
  const fedcloud = (args: string[], extra: Record<string, string | undefined> = {}) =>
    sb.run(args, {
      OIDC_ACCESS_TOKEN: undefined,
      OIDC_AGENT_ACCOUNT: ACCOUNT,
      OIDC_SOCK: agent.socket,
      ...extra,
    });
  const agentToken = async (): Promise<string> => {
    const r = await run(TOOLS[3]!, [ACCOUNT], toolEnv);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout.trim();
  };

  beforeAll(async () => {
    if (missing.length > 0) {
      throw new Error(`FEDCLOUD_REQUIRE_OIDC_AGENT=1 but missing: ${missing.join(', ')}`);
    }
    sb = await startCliSandbox();
    dir = await mkdtemp(join(tmpdir(), 'fedcloud-oidc-agent-'));
    agent = await startAgent(dir);
    toolEnv = {
      PATH: process.env.PATH,
      HOME: dir,
      OIDC_SOCK: agent.socket,
      OIDC_CONFIG_DIR: join(dir, 'config'),
    };
    const users = JSON.parse(await readFile(sb.sandbox.files.usersFile, 'utf8')) as {
      users: { username: string; password: string }[];
    };
    const password = users.users.find((u) => u.username === 'alice')?.password ?? '';
    // Headless: the password flow of the public client, the sandbox CA, every prompt answered by
    // its default, no browser, no web server, and nothing saved (so no encryption password).
    // The password is a sandbox user's, on argv because oidc-gen reads it nowhere else.
    const gen = await run(
      TOOLS[1]!,
      [
        ACCOUNT,
        `--iss=${sb.sandbox.issuerUrl}`,
        '--client-id=fedcloud-cli',
        '--client-secret=',
        '--flow=password',
        '--op-username=alice',
        `--op-password=${password}`,
        `--scope=${SCOPE}`,
        `--cert-path=${sb.sandbox.files.caFile ?? ''}`,
        '--confirm-default',
        '--no-url-call',
        '--no-webserver',
        '--prompt=none',
        '--no-save',
      ],
      toolEnv,
    );
    expect(gen.code, `${gen.stdout}\n${gen.stderr}\n${agent.log()}`).toBe(0);
    expect(gen.stdout).toContain('successfully added to oidc-agent');
  });

  afterAll(async () => {
    await agent?.stop();
    await sb?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("oidc-gen's account is loaded and the agent hands out the sandbox issuer's tokens", async () => {
    const loaded = await run(TOOLS[2]!, ['--loaded'], toolEnv);
    expect(loaded.stdout).toContain(ACCOUNT);
    const token = await agentToken();
    expect(payloadOf(token)).toMatchObject({
      iss: sb.sandbox.issuerUrl,
      client_id: 'fedcloud-cli',
      scope: SCOPE,
    });
  });

  it('fedcloud token list-vos works with only OIDC_AGENT_ACCOUNT, and --debug never shows the token', async () => {
    const expected = [...(sb.sandbox.users.find((u) => u.username === 'alice')?.vos ?? [])].sort();
    const r = await fedcloud(['token', 'list-vos', '--debug']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(expected);
    expect(r.stderr).toMatch(/\[debug\] GET .*userinfo/);
    const token = await agentToken();
    expect(`${r.stdout}${r.stderr}`).not.toContain(token);
    expect(`${r.stdout}${r.stderr}`).not.toContain(token.split('.')[2]);
  });

  it('fedcloud openstack server list --site --vo works with only OIDC_AGENT_ACCOUNT', async () => {
    const site = sb.sandbox.sites.find((s) => s.vos.some((v) => v.vo === VO));
    expect(site).toBeDefined();
    const r = await fedcloud([
      'openstack',
      'server',
      'list',
      '--site',
      site!.name,
      '--vo',
      VO,
      '-f',
      'json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`Site: ${site!.name}, VO: ${VO}, command: `);
    expect(Array.isArray(JSON.parse(r.stdout))).toBe(true);
  });

  it("token check gives fedcloudclient's lines for the agent's token, then the agent's line", async () => {
    const r = await fedcloud(['token', 'check']);
    expect(r.code, r.stderr).toBe(0);
    const source = `oidc-agent account "${ACCOUNT}" \\(OIDC_AGENT_ACCOUNT\\)`;
    expect(r.stdout).toMatch(
      new RegExp(
        '^Token is valid until (\\S+ \\S+) UTC\\n' +
          'Token expires in (\\d+) seconds\\n' +
          `Signature verified with the keys of ${sb.sandbox.issuerUrl.replace(/[.]/g, '\\.')}\\n` +
          'Token sources, in the order fedcloud asks them:\\n' +
          `  ${source}: valid until \\1 UTC, expires in \\2 seconds, in use\\n$`,
      ),
    );
    // The sandbox's tokens live 3600 s.
    const left = Number(/expires in (\d+) seconds/.exec(r.stdout)?.[1]);
    expect(left).toBeGreaterThan(3000);
    expect(left).toBeLessThanOrEqual(3600);
  });

  it('token check with an explicit token near its end: the agent is in use, both are listed', async () => {
    const alice = payloadOf(sb.token);
    const exp = Math.floor(Date.now() / 1000) + 20;
    const short = await sb.sandbox.issuer.signAccessTokenForTests({ ...alice, exp });
    const r = await fedcloud(['token', 'check', '--json'], { OIDC_ACCESS_TOKEN: short });
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as {
      valid: boolean;
      source: string;
      signature: { status: string };
      sources: { source: string; in_use: boolean; seconds_left: number; error: unknown }[];
    };
    expect(json).toMatchObject({ valid: true, source: 'oidc-agent' });
    expect(json.signature.status).toBe('valid');
    expect(json.sources.map((s) => [s.source, s.in_use, s.error])).toEqual([
      ['access-token', false, null],
      ['oidc-agent', true, null],
    ]);
    expect(json.sources[0]!.seconds_left).toBeLessThanOrEqual(20);
    expect(r.stdout).not.toContain(short);
  });

  it('token issue --min-valid 600 renews a shorter explicit token from the agent (min_valid_period)', async () => {
    const alice = payloadOf(sb.token);
    const short = await sb.sandbox.issuer.signAccessTokenForTests({
      ...alice,
      exp: Math.floor(Date.now() / 1000) + 100,
    });
    const r = await fedcloud(['token', 'issue', '--min-valid', '600'], {
      OIDC_ACCESS_TOKEN: short,
    });
    expect(r.code, r.stderr).toBe(0);
    const issued = r.stdout.trim();
    expect(issued).not.toBe(short);
    const exp = payloadOf(issued)['exp'] as number;
    expect(exp - Date.now() / 1000).toBeGreaterThanOrEqual(600);
    // Without --min-valid, 100 s left is enough (the 30 s default): the explicit token as given.
    const plain = await fedcloud(['token', 'issue'], { OIDC_ACCESS_TOKEN: short });
    expect(plain.stdout).toBe(`${short}\n`);
  });

  it("token issue --min-valid 7200 fails clearly: the agent's fresh token lives 3600 s", async () => {
    const r = await fedcloud(['token', 'issue', '--min-valid', '7200']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      new RegExp(
        `^Error: No token source gives a token valid for 7200 seconds: oidc-agent account "${ACCOUNT}" \\(OIDC_AGENT_ACCOUNT\\) gave a new token that expires in (\\d+) seconds\\n` +
          "The issuer's access tokens live shorter than that: ask for less",
      ),
    );
    const left = Number(/expires in (\d+) seconds/.exec(r.stderr)?.[1]);
    expect(left).toBeGreaterThan(3500);
    expect(left).toBeLessThanOrEqual(3600);
  });

  it('an account the agent does not hold: its words, the account and `oidc-add`, exit 3', async () => {
    // The real agent's answer, which our client's tests imitate.
    expect(
      await ask(agent.socket, {
        request: 'access_token',
        account: 'nobody',
        min_valid_period: 30,
        application_hint: 'fedcloud',
      }),
    ).toEqual({ status: 'failure', error: 'account not loaded' });
    const r = await fedcloud(['token', 'list-vos'], { OIDC_AGENT_ACCOUNT: 'nobody' });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'Error: oidc-agent has no account "nobody" loaded\n' +
        'Load it with `oidc-add nobody` (`oidc-add -l` lists the accounts on this machine; `oidc-gen nobody` creates a new one).\n',
    );
    const check = await fedcloud(['token', 'check'], { OIDC_AGENT_ACCOUNT: 'nobody' });
    expect(check.code).toBe(3);
    expect(check.stdout).toBe(
      'Token sources, in the order fedcloud asks them:\n' +
        '  oidc-agent account "nobody" (OIDC_AGENT_ACCOUNT): failed: oidc-agent has no account "nobody" loaded\n',
    );
  });

  it('OIDC_SOCK naming no socket: oidc-agent is not running', async () => {
    const nowhere = join(dir, 'no-such.sock');
    const r = await fedcloud(['token', 'issue'], { OIDC_SOCK: nowhere });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      `Error: oidc-agent is not running: no socket at ${nowhere} (OIDC_SOCK)\n`,
    );
    expect(r.stderr).toContain('oidc-agent-service use');
  });

  it('a locked agent: says so and how to unlock it', async () => {
    // `oidc-add -x` wants a terminal for the lock password; the request it sends, without one.
    expect(await ask(agent.socket, { request: 'lock', password: 'test-lock-password' })).toEqual({
      status: 'success',
      info: 'Agent locked',
    });
    const r = await fedcloud(['token', 'issue']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'Error: oidc-agent is locked\nUnlock it with `oidc-add -X` (it was locked with `oidc-add -x`).\n',
    );
    // fedcloudclient's per-site lines: the message on stdout, the hint on stderr.
    const site = await fedcloud([
      'openstack',
      'server',
      'list',
      '--site',
      'SANDBOX-ALPHA',
      '--vo',
      VO,
    ]);
    expect(site.code).toBe(3);
    expect(site.stdout).toBe('Error code:  3\nError message:  oidc-agent is locked\n');
    expect(site.stderr).toContain('Unlock it with `oidc-add -X`');
  });

  it('a stopped agent (its socket file left behind): oidc-agent is not running', async () => {
    await agent.stop();
    expect(existsSync(agent.socket)).toBe(true);
    const r = await fedcloud(['token', 'list-vos']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      `Error: oidc-agent is not running: nothing answers at ${agent.socket} (OIDC_SOCK; the agent has stopped)\n`,
    );
  });
});
