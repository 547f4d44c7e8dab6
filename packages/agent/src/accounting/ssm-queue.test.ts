import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SsmQueue } from './ssm-queue.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fedcloud-dirq-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("SSM's outgoing queue (python-dirq QueueSimple)", () => {
  it('writes <8-hex minute>/<14-hex name> elements, names ever increasing, no .tmp left', async () => {
    const queue = new SsmQueue(dir);
    // 2026-11-30T22:00:30Z = 1796076030 s; its minute 1796076000 = 0x6b0df1e0 (python3: hex(1796076000)).
    const now = () => new Date(1_796_076_030_000);
    const names = [];
    for (const text of ['one', 'two', 'three']) names.push(await queue.add(text, { now }));
    expect(names).toHaveLength(3);
    for (const name of names) expect(name).toMatch(/^6b0df1e0\/6b0df1fe[0-9a-f]{6}$/);
    expect([...names].sort()).toEqual(names);
    expect(new Set(names).size).toBe(3);
    expect(await readdir(dir)).toEqual(['6b0df1e0']);
    expect((await readdir(join(dir, '6b0df1e0'))).sort()).toEqual(
      names.map((n) => n.slice(9)).sort(),
    );
    expect(await readFile(join(dir, names[1]!), 'utf8')).toBe('two');
  });

  it('a write killed half-way leaves only a .tmp file, which dirq readers skip', async () => {
    const queue = new SsmQueue(dir);
    await expect(
      queue.add('half', {
        midWrite: () => {
          throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    const [minute] = await readdir(dir);
    const files = await readdir(join(dir, minute!));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[0-9a-f]{14}\.tmp$/);
  });
});
