import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HubTokenSource } from '../publish/hub-token.js';
import { startStandInHub, type StandInHub } from './testing/hub-stand-in.js';
import { sendSpool, type SendOptions } from './sender.js';
import { Spool } from './spool.js';

const message = (vm: string, wall = 3600) =>
  `APEL-cloud-message: v0.4\nSiteName: S\nStartTime: 1796068800\nStatus: started\nVMUUID: ${vm}\nWallDuration: ${wall}\n`;

let dir: string;
let hub: StandInHub;
let spool: Spool;
let tokens: HubTokenSource & { invalidated: number; given: number };
let waits: number[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fedcloud-send-'));
  hub = await startStandInHub();
  spool = new Spool(join(dir, 'spool'));
  await spool.open();
  waits = [];
  tokens = {
    invalidated: 0,
    given: 0,
    getToken() {
      this.given += 1;
      return Promise.resolve(`token-${this.given}`);
    },
    invalidate() {
      this.invalidated += 1;
    },
  };
});
afterEach(async () => {
  await hub.close();
  await rm(dir, { recursive: true, force: true });
});

function send(extra: Partial<SendOptions> = {}) {
  return sendSpool({
    spool,
    hubUrl: hub.url,
    siteName: 'S',
    tokens,
    fetch,
    retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 1000 },
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    ...extra,
  });
}

describe('sending the spool to the hub', () => {
  it('PUTs each message as text/plain under its spool id, oldest first, and removes it once stored', async () => {
    const a = await spool.add(message('vm-a'));
    const b = await spool.add(message('vm-b'));
    const summary = await send();
    expect(summary).toEqual({
      sent: 2,
      duplicates: 0,
      recordsAccepted: 2,
      recordsRejected: 0,
      rejected: 0,
      pending: 0,
    });
    expect(hub.requests.map((r) => [r.site, r.batch, r.contentType])).toEqual([
      ['S', a, 'text/plain'],
      ['S', b, 'text/plain'],
    ]);
    expect(hub.batches.get(a)).toBe(message('vm-a'));
    expect(await spool.pending()).toEqual([]);
  });

  it('retries 5xx and 429 with backoff (Retry-After honoured), then sends', async () => {
    await spool.add(message('vm-a'));
    hub.failNext(1, 503);
    hub.failNext(1, 429, { 'retry-after': '2' });
    const summary = await send();
    expect(summary.sent).toBe(1);
    expect(waits).toEqual([100, 2000]);
  });

  it('stops when the hub stays down, keeping every message for the next run', async () => {
    await spool.add(message('vm-a'));
    await spool.add(message('vm-b'));
    hub.setDown(true);
    const summary = await send();
    expect(summary).toMatchObject({ sent: 0, pending: 2 });
    expect(summary.stopped).toMatch(/not sent after 3 tries: hub unreachable/);
    expect(waits).toEqual([100, 200]);
    expect(await spool.pending()).toHaveLength(2);
    hub.setDown(false);
    expect((await send()).sent).toBe(2);
  });

  it('sets a poisoned message aside with the reason and sends the rest', async () => {
    const bad = await spool.add('APEL-summary-job-message: v0.3\nSite: S\n');
    await spool.add(message('vm-b'));
    const summary = await send();
    expect(summary).toMatchObject({ sent: 1, rejected: 1, pending: 0 });
    expect(await readFile(join(spool.rejected, `${bad}.reason`), 'utf8')).toBe(
      'HTTP 422: UNPROCESSABLE: not a cloud message: header "APEL-summary-job-message: v0.3"\n',
    );
    expect(await readFile(join(spool.rejected, `${bad}.msg`), 'utf8')).toContain('summary-job');
  });

  it('keeps a copy of records the hub refused inside a message it stored', async () => {
    const id = await spool.add(`${message('vm-a')}%%\nSiteName: S\nWallDuration: 15\n`);
    const summary = await send();
    expect(summary).toMatchObject({ sent: 1, recordsAccepted: 1, recordsRejected: 1 });
    expect(await readFile(join(spool.rejected, `${id}.reason`), 'utf8')).toBe(
      'record 1: mandatory field VMUUID missing\n',
    );
  });

  it('a batch resent after the hub stored it but never answered counts once', async () => {
    const id = await spool.add(message('vm-a'));
    hub.cutAfterStore(1);
    const first = await send({ retry: { attempts: 1 } });
    expect(first).toMatchObject({ sent: 0, pending: 1 });
    const second = await send();
    expect(second).toMatchObject({ sent: 1, duplicates: 1, recordsAccepted: 1 });
    expect([...hub.batches.keys()]).toEqual([id]);
  });

  it('401: a fresh token once; 403 and 404 stop without setting anything aside', async () => {
    await spool.add(message('vm-a'));
    hub.failNext(1, 401);
    expect((await send()).sent).toBe(1);
    expect(tokens.invalidated).toBe(1);
    expect(hub.requests.map((r) => r.token)).toEqual(['token-1', 'token-2']);

    await spool.add(message('vm-b'));
    hub.failNext(2, 401);
    expect((await send()).stopped).toMatch(/refuses the agent's token/);

    hub.failNext(1, 403);
    const refused = await send();
    expect(refused.stopped).toMatch(/site-agent role/);
    expect(refused).toMatchObject({ rejected: 0, pending: 1 });
    expect(await spool.rejectedCount()).toBe(0);
  });
});
