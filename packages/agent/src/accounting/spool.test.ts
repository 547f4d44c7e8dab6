import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Spool } from './spool.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fedcloud-spool-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the accounting spool', () => {
  it('keeps one private file per message, sent oldest first under a stable id', async () => {
    const spool = new Spool(join(dir, 'spool'));
    await spool.open();
    const first = await spool.add('one', { now: new Date('2026-11-30T22:00:00.123Z') });
    const second = await spool.add('two', { now: new Date('2026-11-30T22:00:00.123Z') });
    const third = await spool.add('three', { now: new Date('2026-11-30T21:59:59.999Z') });
    expect(first).toMatch(/^20261130T220000123Z-0001[0-9a-f]{4}$/);
    expect(second).toMatch(/^20261130T220000123Z-0002[0-9a-f]{4}$/);
    const pending = await spool.pending();
    expect(pending.map((m) => m.id)).toEqual([third, first, second]);
    expect(await spool.read(pending[1]!)).toBe('one');
    expect((await stat(pending[0]!.path)).mode & 0o777).toBe(0o600);
    for (const sub of ['', 'outgoing', 'rejected', 'lastrun', 'tmp']) {
      expect((await stat(join(dir, 'spool', sub))).mode & 0o777).toBe(0o700);
    }
    await spool.remove(pending[0]!);
    await spool.remove(pending[0]!); // gone already: no error
    expect((await spool.pending()).map((m) => m.id)).toEqual([first, second]);
  });

  it('a write that dies half-way leaves nothing in outgoing; the next run clears it', async () => {
    const spool = new Spool(join(dir, 'spool'));
    await spool.open();
    const boom = new Error('killed');
    await expect(
      spool.add('APEL-cloud-message: v0.4\nVMUUID: v\n', {
        midWrite: () => {
          throw boom;
        },
      }),
    ).rejects.toBe(boom);
    expect(await spool.pending()).toEqual([]);
    // What kill -9 leaves: a temporary file that was never renamed.
    await writeFile(join(spool.tmp, '.x.msg.0000.tmp'), 'APEL-cloud-message: v0.4\nVMU');
    await new Spool(spool.dir).open();
    expect(await readdir(spool.tmp)).toEqual([]);
    expect(await spool.pending()).toEqual([]);
  });

  it('sets a refused message aside with its reason, and keeps the refused records of a kept one', async () => {
    const spool = new Spool(join(dir, 'spool'));
    await spool.open();
    const id = await spool.add('bad');
    const [message] = await spool.pending();
    await spool.reject(message!, 'HTTP 400: not a cloud message');
    expect(await spool.pending()).toEqual([]);
    expect(await readFile(join(spool.rejected, `${id}.msg`), 'utf8')).toBe('bad');
    expect(await readFile(join(spool.rejected, `${id}.reason`), 'utf8')).toBe(
      'HTTP 400: not a cloud message\n',
    );
    expect(await spool.rejectedCount()).toBe(1);
  });

  it("keeps each project's last-run mark, and says when one is not a time", async () => {
    const spool = new Spool(join(dir, 'spool'));
    await spool.open();
    expect(await spool.readMark('p1')).toBeUndefined();
    await spool.writeMark('p1', new Date('2026-11-30T23:00:01Z'));
    expect(await spool.readMark('p1')).toEqual(new Date('2026-11-30T23:00:01Z'));
    await writeFile(join(spool.lastrun, 'p2'), 'garbage');
    expect(await spool.readMark('p2')).toBe('invalid');
    await spool.writeMark('../evil', new Date(0));
    expect(await readdir(spool.lastrun)).toEqual(expect.arrayContaining(['p1', '%2E.%2Fevil']));
  });
});
