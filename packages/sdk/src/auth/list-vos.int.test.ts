import { readFile } from 'node:fs/promises';
import type { Transport } from '@fedcloud/openstack';
import { startEphemeralSandbox, type EphemeralSandbox } from '@fedcloud/sandbox/testing';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFedcloudError } from '../errors.js';
import { listVos } from './list-vos.js';

let sandbox: EphemeralSandbox;
let agent: Agent;
let transport: Transport;

beforeAll(async () => {
  sandbox = await startEphemeralSandbox({
    sites: 1,
    accessTokenTtlSeconds: 600,
  });
  agent = new Agent({ connect: { ca: await readFile(sandbox.files.caFile!, 'utf8') } });
  transport = { dispatcher: agent, timeoutMs: 10_000 };
});

afterAll(async () => {
  await agent?.close();
  await sandbox?.cleanup();
});

describe('listVos against the sandbox issuer', () => {
  it("lists alice's two VOs, sorted", async () => {
    const vos = await listVos(await sandbox.tokenFor('alice'), { transport });
    expect(vos).toEqual(['training.egi.eu', 'vo.access.egi.eu']);
  });

  it("counts bob's subgroup membership and ignores his non-member role", async () => {
    expect(await listVos(await sandbox.tokenFor('bob'), { transport })).toEqual([
      'fedcloud.egi.eu',
    ]);
  });

  it('gives carol no VOs', async () => {
    expect(await listVos(await sandbox.tokenFor('carol'), { transport })).toEqual([]);
  });

  it('reports an expired token as TOKEN_EXPIRED, without the token', async () => {
    const expired = await sandbox.issuer.signAccessTokenForTests({
      sub: 'anyone',
      scope: 'openid eduperson_entitlement',
      exp: Math.floor(Date.now() / 1000) - 60,
    });
    const error = await listVos(expired, { transport }).catch((e: unknown) => e);
    expect(isFedcloudError(error) && error.code).toBe('TOKEN_EXPIRED');
    expect(isFedcloudError(error) && error.hint).toContain('https://aai.egi.eu/fedcloud/');
    const cause = (error as Error).cause as Error;
    expect(`${(error as Error).message} ${cause.message} ${JSON.stringify(error)}`).not.toContain(
      expired,
    );
  });

  it('reports a token the issuer rejects as TOKEN_INVALID', async () => {
    const valid = await sandbox.tokenFor('alice');
    const [header, payload] = valid.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(342)}`;
    const error = await listVos(forged, { transport }).catch((e: unknown) => e);
    expect(isFedcloudError(error) && error.code).toBe('TOKEN_INVALID');
    expect(JSON.stringify({ message: (error as Error).message, error })).not.toContain(forged);
  });

  it('reports an unreachable issuer as USERINFO_FAILED', async () => {
    const error = await listVos(await sandbox.tokenFor('alice'), {
      transport: { timeoutMs: 5_000 },
    }).catch((e: unknown) => e);
    // Without the sandbox CA, TLS fails: the issuer cannot be reached.
    expect(isFedcloudError(error) && error.code).toBe('USERINFO_FAILED');
  });
});
